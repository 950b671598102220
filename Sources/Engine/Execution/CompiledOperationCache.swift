import Foundation
import GraphQL
import Planner

/// Compiled plans, one per shape of request, bounded in bytes (keys, SQL text and parameters), least recently used
/// evicted first.
///
/// A plan serves every request of its shape (``PlanKey``): the same document up to its literals, the same
/// operation, region and row-count generation, and the same variable values except those the plan re-reads from
/// each request (a filter's operand, a lookup's key, a day). So a dashboard polling one query with a thousand
/// different filter values, or a client writing the values into the text, compiles it once. Which values a plan
/// re-reads is known only once it is compiled, so the cache also keeps, per document shape, the sets of them its
/// plans re-read (their masks; almost always one), and looks a request up under each.
///
/// - Important: `@unchecked Sendable` because `entries`, `masks` and the counters are touched only with `lock` held.
final class CompiledOperationCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: ByteBoundedLRU<String, CompiledOperation>
    /// Per document shape (``PlanKey/prefix``), the origins its plans re-read, most recent first.
    private var masks: ByteBoundedLRU<String, [Set<InputOrigin>]>
    /// A document shape keeps at most this many masks: more means its plans differ in what they re-read, and the
    /// oldest are dropped (their plans are found again once their mask comes back).
    static let masksPerShape = 4
    private var hitCount = 0
    private var missCount = 0
    /// Lookups answered from the cache, read under the lock like every other field.
    var hits: Int { lock.withLock { hitCount } }
    /// Lookups that found nothing.
    var misses: Int { lock.withLock { missCount } }

    /// - Parameter budget: bytes for the plans; the masks get an eighth more.
    init(budget: Int) {
        entries = ByteBoundedLRU(budget: budget)
        masks = ByteBoundedLRU(budget: max(4_096, budget / 8))
    }

    var usage: CacheUsage {
        lock.withLock { CacheUsage(entries: entries.count, bytes: entries.bytes, budget: entries.budget) }
    }

    /// The plan for a request of shape `prefix` with `inputs`, if one was compiled.
    /// The keys are built outside the lock, which every request takes.
    func plan(prefix: String, inputs: PlanInputs) -> CompiledOperation? {
        let known = lock.withLock { masks.value(for: prefix) ?? [] }
        let keys = known.map { PlanKey.key(prefix: prefix, inputs: inputs, reused: $0) }
        return lock.withLock {
            for key in keys {
                if let found = entries.value(for: key) {
                    hitCount += 1
                    return found
                }
            }
            missCount += 1
            return nil
        }
    }

    /// Keeps `plan`, compiled for a request of shape `prefix` with `inputs`, for every request of its shape.
    func store(_ plan: CompiledOperation, prefix: String, inputs: PlanInputs) {
        let key = PlanKey.key(prefix: prefix, inputs: inputs, reused: plan.reusedOrigins)
        let cost = CacheCost.text(key) + plan.estimatedBytes
        lock.withLock {
            var known = masks.value(for: prefix) ?? []
            if !known.contains(plan.reusedOrigins) {
                known.insert(plan.reusedOrigins, at: 0)
                if known.count > Self.masksPerShape { known.removeLast() }
                let maskCost = CacheCost.text(prefix) + known.reduce(0) { $0 + 32 + $1.count * 48 }
                _ = masks.insert(known, for: prefix, cost: maskCost)
            }
            _ = entries.insert(plan, for: key, cost: cost)
        }
    }
}
