import GraphQL
import Testing

@testable import Compiler

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
        #expect(cache.statistics == DocumentCache.Statistics(hits: 1, compilations: 1, evictions: 0, count: 1))
    }

    @Test("the least recently used text is evicted at capacity")
    func evictsLeastRecentlyUsed() {
        let cache = DocumentCache(schema: schema, capacity: 2)
        #expect(cache.capacity == 2)
        _ = cache.document(for: "{ a: clusters { totalCount } }")
        _ = cache.document(for: "{ b: clusters { totalCount } }")
        _ = cache.document(for: "{ a: clusters { totalCount } }")  // now most recently used
        _ = cache.document(for: "{ c: clusters { totalCount } }")  // evicts b
        #expect(cache.statistics == DocumentCache.Statistics(hits: 1, compilations: 3, evictions: 1, count: 2))
        _ = cache.document(for: "{ a: clusters { totalCount } }")  // still cached
        #expect(cache.statistics.compilations == 3)
        _ = cache.document(for: "{ b: clusters { totalCount } }")  // compiled again, evicts c
        #expect(cache.statistics == DocumentCache.Statistics(hits: 2, compilations: 4, evictions: 2, count: 2))
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

    @Test("the LRU store keeps recency in O(1) and reuses evicted slots")
    func lruStore() {
        var lru = DocumentCache.LRU<String, Int>(capacity: 3)
        #expect(lru.insert(1, for: "a") == nil)
        #expect(lru.insert(2, for: "b") == nil)
        #expect(lru.insert(3, for: "c") == nil)
        #expect(lru.value(for: "a") == 1)  // order, newest first: a c b
        #expect(lru.insert(4, for: "d") == "b")  // d a c
        #expect(lru.value(for: "c") == 3)  // c d a
        #expect(lru.insert(5, for: "e") == "a")  // e c d
        #expect(lru.value(for: "a") == nil)
        #expect(lru.value(for: "c") == 3)
        #expect(lru.insert(6, for: "c") == nil)  // replaces in place
        #expect(lru.count == 3)
        #expect(lru.insert(7, for: "f") == "d")
        #expect(DocumentCache.LRU<String, Int>(capacity: 0).capacity == 1)
    }
}
