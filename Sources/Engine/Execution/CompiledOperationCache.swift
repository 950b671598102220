import Foundation
import GraphQL
import Planner

/// Request → compiled statement and parameters, bounded in bytes (key, SQL text and parameters), least
/// recently used evicted first.
///
/// Dashboards send the same operations with the same variables again and again; for them the whole
/// compile (operation selection, variable coercion, SQL generation) is one lookup. The key holds the
/// variables because the SQL's shape can depend on them (`@skip(if: $x)`, an absent `after`), and its
/// parameters always do. The document behind the text is cached separately (`DocumentCache`), and the
/// SQL text, being the same for every request of one shape, is prepared once per connection by the pool.
///
/// - Important: `@unchecked Sendable` because `entries` is touched only with `lock` held.
final class CompiledOperationCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: ByteBoundedLRU<String, CompiledOperation>
    private var hitCount = 0
    private var missCount = 0
    /// Lookups answered from the cache, read under the lock like every other field.
    var hits: Int { lock.withLock { hitCount } }
    /// Lookups that found nothing.
    var misses: Int { lock.withLock { missCount } }

    init(budget: Int) {
        entries = ByteBoundedLRU(budget: budget)
    }

    var usage: CacheUsage {
        lock.withLock { CacheUsage(entries: entries.count, bytes: entries.bytes, budget: entries.budget) }
    }

    static func key(query: String, operationName: String?, variables: [String: Map]?, region: String? = nil,
                    tableRowsGeneration: Int = 0) -> String {
        var key = query + "\u{0}" + (operationName ?? "") + "\u{0}" + (region ?? "") + "\u{0}" + String(tableRowsGeneration) + "\u{0}"
        if let variables, !variables.isEmpty,
           let data = try? GraphQLJSONEncoder().encode(Map.dictionary(.init(uniqueKeysWithValues: variables.map { ($0.key, $0.value) })))
        {
            key += String(decoding: data, as: UTF8.self)
        }
        return key
    }

    func operation(for key: String) -> CompiledOperation? {
        lock.withLock {
            let found = entries.value(for: key)
            if found != nil { hitCount += 1 } else { missCount += 1 }
            return found
        }
    }

    func store(_ operation: CompiledOperation, for key: String) {
        let cost = CacheCost.text(key) + operation.estimatedBytes
        lock.withLock { _ = entries.insert(operation, for: key, cost: cost) }
    }
}
