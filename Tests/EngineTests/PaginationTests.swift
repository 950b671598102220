import Engine
import Foundation
import GraphQL
import Planner
import TestSupport
import Testing

/// Keyset pagination: walking a list page by page, forwards and backwards, gives exactly the rows of
/// one big page, in two lists with different orders (clusters by code; support measures by year).
@Suite("Pagination")
struct PaginationTests {
    /// Runs a query and returns `data.<field>` as a dictionary.
    /// Lists and orders the tiling test walks: default orders, and requested orders mixing directions,
    /// explicit null placement, nullable columns and columns of related rows.
    static let orders: [(field: String, orderBy: String)] = [
        ("clusters", ""),
        ("supportMeasures", ""),
        ("clusters", "orderBy: [{industrialBase: {name: ASC_NULLS_FIRST}}, {status: DESC}]"),
        ("enterprises", "orderBy: [{rdExpenditure: ASC_NULLS_FIRST}, {county: {name: DESC}}]"),
        ("supportMeasures", "orderBy: [{fund: {code: DESC_NULLS_LAST}}, {amountYuan: DESC}]"),
    ]

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

    @Test("forward and backward pages tile the list exactly", arguments: Self.orders.indices)
    func tiles(index: Int) async throws {
        let (field, orderBy) = Self.orders[index]
        let service = try await ServiceFixture.shared.service()
        let connection = { (arguments: String) async throws -> [String: Any] in
            try await self.connection(service, field, orderBy.isEmpty ? arguments : "\(arguments), \(orderBy)")
        }
        let all = ids(try await connection("first: 40"))
        #expect(all.count == 40)

        var forward: [String] = []
        var after: String?
        for page in 0..<5 {
            let arguments = after.map { "first: 8, after: \"\($0)\"" } ?? "first: 8"
            let result = try await connection(arguments)
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
            let result = try await connection("last: 8, before: \"\(before ?? "")\"")
            backward = ids(result) + backward
            #expect(info(result, "hasNextPage") as? Bool == true)
            before = info(result, "startCursor") as? String
        }
        #expect(backward == Array(all[7..<39]))
        let first = try await connection("last: 7, before: \"\(before ?? "")\"")
        #expect(ids(first) == Array(all[0..<7]))
        #expect(info(first, "hasPreviousPage") as? Bool == false)
    }

    @Test("start and end cursors are the first and last edges' cursors, in every order and direction; an empty page has none",
          arguments: Self.orders.indices)
    func pageCursorsMatchEdges(index: Int) async throws {
        let (field, orderBy) = Self.orders[index]
        let service = try await ServiceFixture.shared.service()
        for window in ["first: 6", "last: 6", "first: 3, offset: 2"] {
            let arguments = orderBy.isEmpty ? window : "\(window), \(orderBy)"
            let body = await service.run("{ \(field)(\(arguments)) { edges { cursor } pageInfo { startCursor endCursor } } }")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any], "\(body)")
            let connection = try #require((json["data"] as? [String: Any])?[field] as? [String: Any], "\(body)")
            let cursors = (connection["edges"] as? [[String: Any]] ?? []).compactMap { $0["cursor"] as? String }
            #expect(cursors.count >= 3, "\(arguments)")
            #expect(info(connection, "startCursor") as? String == cursors.first, "\(arguments)")
            #expect(info(connection, "endCursor") as? String == cursors.last, "\(arguments)")
        }
        // Past the last row: no rows, so no cursors (null, not a cursor of nothing).
        let tail = try await self.connection(service, field, orderBy.isEmpty ? "last: 1" : "last: 1, \(orderBy)")
        let last = try #require(info(tail, "endCursor") as? String)
        let empty = try await self.connection(service, field, orderBy.isEmpty ? "first: 5, after: \"\(last)\"" : "first: 5, after: \"\(last)\", \(orderBy)")
        #expect(ids(empty).isEmpty)
        #expect(info(empty, "startCursor") is NSNull)
        #expect(info(empty, "endCursor") is NSNull)
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

/// `orderBy` answers in exactly PostgreSQL's order for the same keys, and malformed keys are errors.
@Suite("Ordering")
struct OrderingTests {
    private func values(_ body: String, _ field: String, _ key: String) throws -> [String] {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any], "\(body)")
        let list = ((json["data"] as? [String: Any])?[field] as? [String: Any])?["nodes"] as? [[String: Any]] ?? []
        return list.map { "\($0[key] ?? "null")" }
    }

    @Test("orderBy on a column, a nullable column and a related row's column matches SQL ORDER BY")
    func matchesSQL() async throws {
        let service = try await ServiceFixture.shared.service()
        let database = try await ServiceFixture.shared.seededDatabase()
        let cases: [(String, String, String, String)] = [
            ("clusters", "[{name: DESC}]", "code", "SELECT code FROM cluster ORDER BY name DESC, id LIMIT 60"),
            ("enterprises", "[{rdExpenditure: DESC_NULLS_LAST}, {name: ASC}]", "creditCode",
             "SELECT credit_code FROM enterprise ORDER BY rd_expenditure DESC NULLS LAST, name, id LIMIT 60"),
            ("clusters", "[{applicantCounty: {prefecture: {name: ASC}}}, {code: DESC}]", "code",
             "SELECT c.code FROM cluster c JOIN county k ON k.code = c.applicant_county_code JOIN prefecture p ON p.code = k.prefecture_code ORDER BY p.name, c.code DESC, c.id LIMIT 60"),
        ]
        for (field, orderBy, key, sql) in cases {
            let body = await service.run("{ \(field)(first: 60, orderBy: \(orderBy)) { nodes { \(key) } } }")
            let expected = try await ProjectDatabase.withConnection(database) { connection in
                let rows = try connection.query(sql)
                return (0..<rows.count).map { rows[$0, 0] ?? "null" }
            }
            #expect(try values(body, field, key) == expected, "\(field) \(orderBy)")
        }
    }

    @Test("an orderBy item with no key or two keys is BAD_USER_INPUT")
    func malformedKeys() async throws {
        let service = try await ServiceFixture.shared.service()
        let none = await service.run("{ clusters(orderBy: [{}]) { totalCount } }")
        #expect(none.contains("Each orderBy item of Cluster needs exactly one key; got 0."), "\(none)")
        #expect(none.contains("BAD_USER_INPUT"))
        let two = await service.run("{ clusters(orderBy: [{name: ASC, code: DESC}]) { totalCount } }")
        #expect(two.contains("got 2 (code, name)"), "\(two)")
        let nested = await service.run("{ clusters(orderBy: [{county: {}}]) { totalCount } }")
        #expect(nested.hasPrefix("REJECTED"), "\(nested)")
    }

    @Test("a cursor issued under one order is refused under another")
    func cursorBoundToOrder() async throws {
        let service = try await ServiceFixture.shared.service()
        let body = await service.run("{ clusters(first: 1, orderBy: [{name: ASC}]) { pageInfo { endCursor } } }")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        let cursor = try #require((((json["data"] as? [String: Any])?["clusters"] as? [String: Any])?["pageInfo"]
            as? [String: Any])?["endCursor"] as? String)
        let other = await service.run("{ clusters(after: \"\(cursor)\", orderBy: [{name: DESC}]) { totalCount } }")
        #expect(other.contains("is not a cursor of this list"), "\(other)")
        let same = await service.run("{ clusters(first: 1, after: \"\(cursor)\", orderBy: [{name: ASC}]) { totalCount } }")
        #expect(same.hasPrefix("{\"data\""), "\(same)")
    }
}
