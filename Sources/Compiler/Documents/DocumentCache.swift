import Foundation
import GraphQL

/// Query text → parsed and validated document (or the errors that rejected it), bounded, least
/// recently used entries evicted first.
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
        /// Entries dropped to stay within capacity.
        public var evictions = 0
        /// Entries currently cached.
        public var count = 0
    }

    public let typeIndex: SchemaTypeIndex
    /// The lexical, depth and alias limits applied when a text is first compiled.
    public let limits: RequestLimits
    /// The most entries kept (at least 1).
    public var capacity: Int { entries.capacity }

    private let lock = NSLock()
    private var entries: LRU<String, CachedDocument>
    private var compiling: [String: PendingCompilation] = [:]
    private var counters = Statistics()

    /// - Parameter capacity: the most query texts kept; values below 1 mean 1.
    public init(typeIndex: SchemaTypeIndex, capacity: Int = 1000, limits: RequestLimits = .standard) {
        self.typeIndex = typeIndex
        self.limits = limits
        entries = LRU(capacity: capacity)
    }

    /// Builds the schema's type index once, for all the documents this cache validates.
    public convenience init(schema: GraphQLSchema, capacity: Int = 1000, limits: RequestLimits = .standard) {
        self.init(typeIndex: SchemaTypeIndex(schema: schema), capacity: capacity, limits: limits)
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
            locked {
                if entries.insert(compiled, for: query) != nil {
                    counters.evictions += 1
                }
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
            return statistics
        }
    }

    private func locked<Result>(_ body: () -> Result) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }
}
