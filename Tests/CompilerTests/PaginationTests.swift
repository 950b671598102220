import Compiler
import Foundation
import GraphQL
import Testing

/// Keyset pagination: walking a list page by page, forwards and backwards, gives exactly the rows of
/// one big page, in two lists with different orders (clusters by code; support measures by year).
@Suite("Pagination")
struct PaginationTests {
    /// Runs a query and returns `data.<field>` as a dictionary.
    private func connection(_ service: QueryService, _ field: String, _ arguments: String) async throws -> [String: Any] {
        let body = await service.run("{ \(field)(\(arguments)) { nodes { id } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any], "\(body)")
        let data = try #require(json["data"] as? [String: Any], "\(body)")
        return try #require(data[field] as? [String: Any], "\(body)")
    }

    private func ids(_ connection: [String: Any]) -> [String] {
        (connection["nodes"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    private func info(_ connection: [String: Any], _ key: String) -> Any? {
        (connection["pageInfo"] as? [String: Any])?[key]
    }

    @Test("forward and backward pages tile the list exactly", arguments: ["clusters", "supportMeasures"])
    func tiles(field: String) async throws {
        let service = try await ServiceFixture.shared.service()
        let all = ids(try await connection(service, field, "first: 40"))
        #expect(all.count == 40)

        var forward: [String] = []
        var after: String?
        for page in 0..<5 {
            let arguments = after.map { "first: 8, after: \"\($0)\"" } ?? "first: 8"
            let result = try await connection(service, field, arguments)
            forward += ids(result)
            #expect(info(result, "hasPreviousPage") as? Bool == (page > 0))
            #expect(info(result, "hasNextPage") as? Bool == true)
            after = info(result, "endCursor") as? String
        }
        #expect(forward == all)

        // Backwards from the cursor of row 40: rows 32…39, then 24…31, …
        var backward: [String] = []
        var before = after
        for _ in 0..<4 {
            let result = try await connection(service, field, "last: 8, before: \"\(before ?? "")\"")
            backward = ids(result) + backward
            #expect(info(result, "hasNextPage") as? Bool == true)
            before = info(result, "startCursor") as? String
        }
        #expect(backward == Array(all[7..<39]))
        let first = try await connection(service, field, "last: 7, before: \"\(before ?? "")\"")
        #expect(ids(first) == Array(all[0..<7]))
        #expect(info(first, "hasPreviousPage") as? Bool == false)
    }

    @Test("offset skips rows after the cursor")
    func offset() async throws {
        let service = try await ServiceFixture.shared.service()
        let all = ids(try await connection(service, "clusters", "first: 10"))
        let skipped = try await connection(service, "clusters", "first: 3, offset: 4")
        #expect(ids(skipped) == Array(all[4..<7]))
        #expect(info(skipped, "hasPreviousPage") as? Bool == true)
    }

    @Test("a cursor from another list, a forged cursor, and bad page sizes are BAD_USER_INPUT")
    func badCursors() async throws {
        let service = try await ServiceFixture.shared.service()
        let clusterCursor = try #require(info(try await connection(service, "clusters", "first: 1"), "endCursor") as? String)
        for (query, message) in [
            ("{ supportMeasures(after: \"\(clusterCursor)\") { totalCount } }", "\\\"after\\\" is not a cursor of this list"),
            ("{ clusters(before: \"bm90LWEtY3Vyc29y\") { totalCount } }", "\\\"before\\\" is not a cursor of this list"),
            ("{ clusters(first: 501) { totalCount } }", "\\\"first\\\" must be at most 500 (got 501)"),
            ("{ clusters(last: -1) { totalCount } }", "\\\"last\\\" must not be negative"),
            ("{ clusters(first: 1, last: 1) { totalCount } }", "Pass \\\"first\\\" or \\\"last\\\", not both."),
        ] {
            let body = await service.run(query)
            #expect(body.hasPrefix("REJECTED"), "\(body)")
            #expect(body.contains("BAD_USER_INPUT"), "\(body)")
            #expect(body.contains(message), "\(body)")
        }
    }
}
