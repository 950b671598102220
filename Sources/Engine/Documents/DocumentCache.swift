import Foundation
import GraphQL
import Planner

/// Query text → parsed and validated document (or the errors that rejected it), bounded in bytes
/// (`CacheCost.document`), least recently used entries evicted first.
///
/// Validation costs about a millisecond per document, parsing tens of microseconds; clients send
/// the same few texts over and over, so each text is parsed and validated once while it stays
/// cached. Rejected texts are cached too: a client retrying a broken query costs a lookup.
///
/// Threading: every method may be called from any thread or task. The state is guarded by one
/// lock held only for dictionary work, never while parsing or validating, so a hit is a hash of
/// the text plus an uncontended lock, with no actor hop. When several callers miss on the same
/// text at once, the first parses and validates; the others block until it finishes (at most
/// that one validation, which they would otherwise each have spent doing the same work), so even
/// under a burst a text is compiled once.
///
/// - Important: `@unchecked Sendable` because all mutable state is accessed only with `lock`
///   held.
public final class DocumentCache: @unchecked Sendable {
    /// Counters for tests and metrics.
    public struct Statistics: Sendable, Equatable {
        /// Lookups answered from the cache, including those that waited for a concurrent compile.
        public var hits = 0
        /// Texts parsed and validated (cache misses).
        public var compilations = 0
        /// Entries dropped to stay within the budget.
        public var evictions = 0
        /// Entries currently cached.
        public var count = 0
        /// What they cost, in bytes (estimated).
        public var bytes = 0
    }

    public let typeIndex: SchemaTypeIndex
    /// The lexical, depth and alias limits applied when a text is first compiled.
    public let limits: RequestLimits
    /// The most bytes kept.
    public var budget: Int { entries.budget }

    private let lock = NSLock()
    private var entries: ByteBoundedLRU<String, CachedDocument>
    private var compiling: [String: PendingCompilation] = [:]
    private var counters = Statistics()

    /// - Parameter budget: the most bytes the cached documents may cost (`CacheCost.document`).
    public init(typeIndex: SchemaTypeIndex, budget: Int = 8 << 20, limits: RequestLimits = .standard) {
        self.typeIndex = typeIndex
        self.limits = limits
        entries = ByteBoundedLRU(budget: budget)
    }

    /// Builds the schema's type index once, for all the documents this cache validates.
    public convenience init(schema: GraphQLSchema, budget: Int = 8 << 20, limits: RequestLimits = .standard) {
        self.init(typeIndex: SchemaTypeIndex(schema: schema), budget: budget, limits: limits)
    }

    /// The parsed and validated document for `query`, compiled on first use.
    public func document(for query: String) -> CachedDocument {
        enum Lookup {
            case cached(CachedDocument)
            case wait(PendingCompilation)
            case compile(PendingCompilation)
        }
        let lookup: Lookup = locked {
            if let cached = entries.value(for: query) {
                counters.hits += 1
                return .cached(cached)
            }
            if let pending = compiling[query] {
                counters.hits += 1
                return .wait(pending)
            }
            let pending = PendingCompilation()
            compiling[query] = pending
            counters.compilations += 1
            return .compile(pending)
        }
        switch lookup {
        case .cached(let cached):
            return cached
        case .wait(let pending):
            return pending.wait()
        case .compile(let pending):
            let compiled = CachedDocument.compile(query: query, typeIndex: typeIndex, limits: limits)
            // A rejected text keeps only its errors, so it costs its text and messages, not an AST.
            let cost = compiled.document == nil
                ? CacheCost.text(query) + compiled.errors.reduce(0) { $0 + $1.message.utf8.count + 64 }
                : CacheCost.document(textBytes: query.utf8.count)
            locked {
                entries.insert(compiled, for: query, cost: cost)
                compiling[query] = nil
            }
            pending.fulfil(compiled)
            return compiled
        }
    }

    public var statistics: Statistics {
        locked {
            var statistics = counters
            statistics.count = entries.count
            statistics.bytes = entries.bytes
            statistics.evictions = entries.evictions
            return statistics
        }
    }

    private func locked<Result>(_ body: () -> Result) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }
}
