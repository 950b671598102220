import GraphQL
import Testing

@testable import Engine
@testable import Planner

@Suite("DocumentCache")
struct DocumentCacheTests {
    static let sdl = """
        type Query {
          clusters(first: Int): ClusterConnection!
          funds(first: Int): FundConnection!
        }
        type ClusterConnection { totalCount: Int! }
        type FundConnection { totalCount: Int! }
        """

    let schema: GraphQLSchema

    init() throws {
        schema = try buildSchema(source: Self.sdl)
    }

    @Test("the same text is parsed and validated once, then served from the cache")
    func sameTextCompiledOnce() throws {
        let cache = DocumentCache(schema: schema)
        let query = "{ clusters { totalCount } }"
        let first = cache.document(for: query)
        let second = cache.document(for: query)
        let operation1 = try #require(first.document?.definitions.first as? OperationDefinition)
        let operation2 = try #require(second.document?.definitions.first as? OperationDefinition)
        #expect(operation1 === operation2)
        #expect(first.errors.isEmpty)
        #expect(cache.statistics == DocumentCache.Statistics(hits: 1, compilations: 1, evictions: 0, count: 1, bytes: CacheCost.document(textBytes: query.utf8.count)))
    }

    @Test("the least recently used text is evicted when the budget is full")
    func evictsLeastRecentlyUsed() {
        // Room for two of these texts, not three.
        let cache = DocumentCache(schema: schema, budget: 2 * CacheCost.document(textBytes: 30) + 10)
        _ = cache.document(for: "{ a: clusters { totalCount } }")
        _ = cache.document(for: "{ b: clusters { totalCount } }")
        _ = cache.document(for: "{ a: clusters { totalCount } }")  // now most recently used
        _ = cache.document(for: "{ c: clusters { totalCount } }")  // evicts b
        #expect(cache.statistics == DocumentCache.Statistics(hits: 1, compilations: 3, evictions: 1, count: 2, bytes: 2 * CacheCost.document(textBytes: 30)))
        _ = cache.document(for: "{ a: clusters { totalCount } }")  // still cached
        #expect(cache.statistics.compilations == 3)
        _ = cache.document(for: "{ b: clusters { totalCount } }")  // compiled again, evicts c
        #expect(cache.statistics == DocumentCache.Statistics(hits: 2, compilations: 4, evictions: 2, count: 2, bytes: 2 * CacheCost.document(textBytes: 30)))
        _ = cache.document(for: "{ a: clusters { totalCount } }")
        #expect(cache.statistics.compilations == 4)
    }

    @Test("parse errors are cached with their location and GRAPHQL_PARSE_FAILED")
    func parseErrorsCached() throws {
        let cache = DocumentCache(schema: schema)
        let query = "{\n  clusters {"
        let result = cache.document(for: query)
        #expect(result.document == nil)
        let error = try #require(result.errors.first)
        #expect(result.errors.count == 1)
        #expect(error.code == "GRAPHQL_PARSE_FAILED")
        #expect(error.locations == [GraphQLResponseError.Location(line: 2, column: 13)])
        #expect(error.message.hasPrefix("Syntax Error"))
        #expect(!error.message.contains("\n"))
        #expect(cache.document(for: query).errors == result.errors)
        #expect(cache.statistics.compilations == 1)
    }

    @Test("validation errors, overlapping fields included, are cached with GRAPHQL_VALIDATION_FAILED")
    func validationErrorsCached() {
        let cache = DocumentCache(schema: schema)
        let result = cache.document(for: "{ a: clusters { totalCount } a: funds { totalCount } nope }")
        #expect(result.document == nil)
        #expect(result.errors.count == 2)
        #expect(result.errors.allSatisfy { $0.code == "GRAPHQL_VALIDATION_FAILED" })
        #expect(result.errors.map(\.locations) == [
            [GraphQLResponseError.Location(line: 1, column: 54)],
            [GraphQLResponseError.Location(line: 1, column: 3), GraphQLResponseError.Location(line: 1, column: 30)],
        ])
        _ = cache.document(for: "{ a: clusters { totalCount } a: funds { totalCount } nope }")
        #expect(cache.statistics.compilations == 1)
    }

    @Test("concurrent first requests for one text compile it once")
    func concurrentMissesCompileOnce() async {
        let cache = DocumentCache(schema: schema)
        let query = "{ clusters(first: 3) { totalCount } funds { totalCount } }"
        let validCount = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<16 {
                group.addTask { cache.document(for: query).document != nil }
            }
            var count = 0
            for await valid in group where valid { count += 1 }
            return count
        }
        #expect(validCount == 16)
        #expect(cache.statistics.compilations == 1)
        #expect(cache.statistics.hits == 15)
    }

    @Test("the byte-bounded LRU evicts the least recently used until the new entry fits, and never stores one over the budget")
    func lruStore() {
        var lru = ByteBoundedLRU<String, Int>(budget: 100)
        var stored = lru.insert(1, for: "a", cost: 30)
        #expect(stored)
        stored = lru.insert(2, for: "b", cost: 30)
        #expect(stored)
        stored = lru.insert(3, for: "c", cost: 30)
        #expect(stored)
        #expect(lru.bytes == 90 && lru.count == 3)
        let a = lru.value(for: "a")  // newest first: a c b
        #expect(a == 1)
        stored = lru.insert(4, for: "d", cost: 10)
        #expect(stored)  // exactly at the budget: nothing evicted
        #expect(lru.bytes == 100 && lru.count == 4 && lru.evictions == 0)
        stored = lru.insert(5, for: "e", cost: 45)
        #expect(stored)  // 45 more: b (30) and c (30) go, oldest first
        let (b, c) = (lru.value(for: "b"), lru.value(for: "c"))
        #expect(b == nil && c == nil)
        #expect(lru.bytes == 85 && lru.evictions == 2)
        stored = lru.insert(6, for: "a", cost: 5)
        #expect(stored)  // replaces a, costing less
        let newA = lru.value(for: "a")
        #expect(lru.bytes == 60 && newA == 6)
        // One entry larger than the budget is refused, and its key's old entry is gone.
        stored = lru.insert(7, for: "a", cost: 101)
        #expect(!stored)
        let goneA = lru.value(for: "a")
        #expect(goneA == nil && lru.bytes == 55)
        // A long run of inserts stays within the budget and reuses slots.
        for index in 0..<10_000 { lru.insert(index, for: "k\(index)", cost: 1 + index % 50) }
        #expect(lru.bytes <= 100)
        let last = lru.value(for: "k9999")
        #expect(last == 9999)
    }

    @Test("the document cache counts bytes, not entries: many large texts stay within its budget")
    func documentBudget() {
        let cache = DocumentCache(schema: schema, budget: 1 << 20)
        for index in 0..<200 {
            _ = cache.document(for: "{ a\(index): clusters(first: \(index)) { totalCount } " + String(repeating: " ", count: 2000) + "}")
        }
        let statistics = cache.statistics
        #expect(statistics.bytes <= 1 << 20)
        #expect(statistics.count < 200 && statistics.evictions > 0)
        #expect(statistics.bytes >= statistics.count * CacheCost.document(textBytes: 2000))
    }
}
