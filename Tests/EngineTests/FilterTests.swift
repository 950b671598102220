import Engine
import Foundation
import GraphQL
import Planner
import TestSupport
import Testing

/// `where:` answers exactly the rows PostgreSQL selects for the equivalent SQL, for every operator kind,
/// boolean combinations, and relation filters in both directions.
@Suite("Filtering")
struct FilterTests {
    private func codes(_ body: String, _ field: String, _ key: String) throws -> [String] {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any], "\(body)")
        let list = ((json["data"] as? [String: Any])?[field] as? [String: Any])?["nodes"] as? [[String: Any]] ?? []
        return list.map { "\($0[key] ?? "null")" }
    }

    private func total(_ body: String, _ field: String) throws -> Int {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any], "\(body)")
        return try #require(((json["data"] as? [String: Any])?[field] as? [String: Any])?["totalCount"] as? Int, "\(body)")
    }

    static let cases: [(String, String, String, String)] = [
        ("clusters", #"{recordedStatus: {eq: RECOGNIZED}}"#, "code", "SELECT code FROM cluster WHERE status_code = 'RECOGNIZED'"),
        ("clusters", #"{recordedStatus: {in: [EXPIRED, REVOKED, RECOGNIZED]}, industrialBase: {}}"#, "code",
         "SELECT code FROM cluster WHERE status_code IN ('EXPIRED','REVOKED','RECOGNIZED') AND industrial_base_code IS NOT NULL"),
        ("clusters", #"{industrialBase: {code: {eq: "BAIJIU"}}}"#, "code",
         "SELECT code FROM cluster WHERE industrial_base_code = 'BAIJIU'"),
        ("clusters", #"{or: [{name: {startsWith: "遵义"}}, {name: {contains: "茶"}}]}"#, "code",
         "SELECT code FROM cluster WHERE name LIKE '遵义%' OR name LIKE '%茶%'"),
        ("clusters", #"{not: {recordedStatus: {eq: RECOGNIZED}}, applicantCounty: {prefecture: {code: {eq: "520300"}}}}"#, "code",
         "SELECT c.code FROM cluster c JOIN county k ON k.code = c.applicant_county_code WHERE c.status_code <> 'RECOGNIZED' AND k.prefecture_code = '520300'"),
        // A to-one filter on the related row's key alone is written without the related table (issue 18 §4); negated,
        // a cluster whose county is in another prefecture is kept.
        ("clusters", #"{prefecture: {code: {eq: "520300"}}}"#, "code",
         "SELECT c.code FROM cluster c JOIN county k ON k.code = c.applicant_county_code WHERE k.prefecture_code = '520300'"),
        ("clusters", #"{not: {prefecture: {code: {eq: "520300"}}}}"#, "code",
         "SELECT c.code FROM cluster c WHERE NOT EXISTS (SELECT 1 FROM county k WHERE k.code = c.applicant_county_code AND k.prefecture_code = '520300')"),
        ("supportMeasures", #"{cluster: {code: {eq: "GZTS-520302-01"}}, fund: {code: {eq: "SME_DEVELOPMENT_FUND"}}}"#, "title",
         "SELECT s.title FROM support_measure s JOIN cluster c ON c.id = s.cluster_id WHERE c.code = 'GZTS-520302-01' AND s.fund_code = 'SME_DEVELOPMENT_FUND'"),
        ("clusters", #"{enterprises: {some: {qualifications: {some: {kind: {eq: LITTLE_GIANT}}}}}}"#, "code",
         "SELECT c.code FROM cluster c WHERE EXISTS (SELECT 1 FROM enterprise e JOIN qualification q ON q.enterprise_id = e.id WHERE e.cluster_id = c.id AND q.kind_code = 'LITTLE_GIANT')"),
        ("clusters", #"{revocations: {none: {}}, supportMeasures: {every: {amountYuan: {gte: "1000000"}}}}"#, "code",
         "SELECT c.code FROM cluster c WHERE NOT EXISTS (SELECT 1 FROM revocation r WHERE r.cluster_id = c.id) AND NOT EXISTS (SELECT 1 FROM support_measure s WHERE s.cluster_id = c.id AND NOT coalesce(s.amount_yuan >= 1000000, false))"),
        ("clusters", #"{enterprises: {count: {gte: 2}, where: {qualifications: {some: {kind: {eq: LITTLE_GIANT}}}}}}"#, "code",
         "SELECT c.code FROM cluster c WHERE (SELECT count(*) FROM enterprise e WHERE e.cluster_id = c.id AND EXISTS (SELECT 1 FROM qualification q WHERE q.enterprise_id = e.id AND q.kind_code = 'LITTLE_GIANT')) >= 2"),
        ("clusters", #"{supportMeasures: {count: {lt: 3}}}"#, "code",
         "SELECT c.code FROM cluster c WHERE (SELECT count(*) FROM support_measure s WHERE s.cluster_id = c.id) < 3"),
        ("enterprises", #"{foundedOn: {gte: "2020-01-01", lt: "2021-01-01"}, rdExpenditure: {isNull: true}}"#, "creditCode",
         "SELECT credit_code FROM enterprise WHERE founded_on >= '2020-01-01' AND founded_on < '2021-01-01' AND rd_expenditure IS NULL"),
        ("enterprises", #"{employees: {gt: 3000}, size: {ne: MEDIUM}, name: {icontains: "股份"}}"#, "creditCode",
         "SELECT credit_code FROM enterprise WHERE employees > 3000 AND size_code <> 'MEDIUM' AND name ILIKE '%股份%'"),
        ("supportMeasures", #"{and: [{year: {eq: 2025}}, {fund: {code: {in: ["SME_DEVELOPMENT_FUND", "NEW_MOMENTUM_FUND"]}}}], amountYuan: {notIn: ["500000.00"]}}"#,
         "title", "SELECT title FROM support_measure WHERE year = 2025 AND fund_code IN ('SME_DEVELOPMENT_FUND','NEW_MOMENTUM_FUND') AND amount_yuan <> 500000"),
    ]

    @Test("each filter selects what SQL selects, in the order asked for", arguments: Self.cases.indices)
    func matchesSQL(index: Int) async throws {
        let (field, filter, key, sql) = Self.cases[index]
        let service = try await ServiceFixture.shared.service()
        let database = try await ServiceFixture.shared.seededDatabase()
        // Ordered by the selected column on both sides (the database's collation for both), compared as lists.
        let body = await service.run("{ \(field)(first: 500, where: \(filter), orderBy: [{\(key): ASC}]) { totalCount nodes { \(key) } } }")
        let expected = try await ProjectDatabase.withConnection(database) { connection in
            let rows = try connection.query("SELECT * FROM (\(sql)) s ORDER BY 1")
            return (0..<rows.count).compactMap { rows[$0, 0] }
        }
        #expect(!expected.isEmpty, "the sample data should have rows for \(filter)")
        #expect(try codes(body, field, key) == expected, "\(filter)")
        #expect(try total(body, field) == expected.count, "\(filter)")
    }

    @Test("a to-one filter on the key alone answers as the general filter: every prefecture, one that does not exist, a county's code")
    func keyedToOne() async throws {
        let service = try await ServiceFixture.shared.service()
        let database = try await ServiceFixture.shared.seededDatabase()
        let prefectures = try await ProjectDatabase.withConnection(database) { connection in
            let rows = try connection.query("SELECT code FROM prefecture ORDER BY code")
            return (0..<rows.count).compactMap { rows[$0, 0] }
        }
        #expect(prefectures.count == 9)
        var matched = 0
        for code in prefectures + ["529900", "520302"] {
            let keyed = try total(await service.run(#"{ clusters(where: {prefecture: {code: {eq: "\#(code)"}}}) { totalCount } }"#), "clusters")
            // `in` and a second condition take the general path (an EXISTS over the related table).
            let general = try total(await service.run(#"{ clusters(where: {prefecture: {code: {in: ["\#(code)"]}}}) { totalCount } }"#), "clusters")
            let twoConditions = try total(await service.run(
                #"{ clusters(where: {prefecture: {code: {eq: "\#(code)"}, name: {ne: "无"}}}) { totalCount } }"#), "clusters")
            #expect(keyed == general && keyed == twoConditions, "\(code): \(keyed) \(general) \(twoConditions)")
            matched += keyed
        }
        #expect(matched == (try total(await service.run("{ clusters { totalCount } }"), "clusters")), "every cluster is in one prefecture")
    }

    @Test("a filtered list asked for its total and a page answers as the two asked apart (matches computed once, or not)",
          arguments: [
              #"enterprises(first: 7, where: {qualifications: {some: {kind: {eq: LITTLE_GIANT}}}}, orderBy: [{name: DESC}])"#,
              #"enterprises(first: 5, offset: 3, where: {employees: {gt: 500}, county: {code: {eq: "520302"}}})"#,
              #"enterprises(last: 4, where: {size: {eq: SMALL}}, orderBy: [{foundedOn: ASC}])"#,
              #"clusters(first: 3, where: {prefecture: {code: {eq: "520300"}}}, orderBy: [{applicantCounty: {name: ASC}}, {name: ASC}])"#,
              #"clusters(first: 2, where: {prefecture: {code: {eq: "529900"}}})"#,
              #"clusters(first: 4, where: {applicantCounty: {name: {contains: "县"}}, supportMeasures: {count: {gte: 1}}}, orderBy: [{name: ASC}])"#,
          ])
    func totalAndPage(list: String) async throws {
        let service = try await ServiceFixture.shared.service()
        let field = String(list.prefix { $0 != "(" })
        let both = await service.run("{ \(field): \(list) { totalCount nodes { id } pageInfo { hasNextPage hasPreviousPage endCursor } } }")
        let page = await service.run("{ \(field): \(list) { nodes { id } pageInfo { hasNextPage hasPreviousPage endCursor } } }")
        let count = await service.run("{ \(field): \(list) { totalCount } }")
        let bothJSON = try #require(try JSONSerialization.jsonObject(with: Data(both.utf8)) as? [String: Any], "\(both)")
        let connection = try #require((bothJSON["data"] as? [String: Any])?[field] as? [String: Any], "\(both)")
        let pageJSON = try #require(try JSONSerialization.jsonObject(with: Data(page.utf8)) as? [String: Any], "\(page)")
        let pageConnection = try #require((pageJSON["data"] as? [String: Any])?[field] as? [String: Any], "\(page)")
        #expect(NSDictionary(dictionary: ["nodes": connection["nodes"] ?? [], "pageInfo": connection["pageInfo"] ?? [:]])
                == NSDictionary(dictionary: pageConnection), "\(both)\n\(page)")
        #expect(try total(both, field) == total(count, field))
        // Then the next page by the cursor, both ways again.
        if let info = connection["pageInfo"] as? [String: Any], info["hasNextPage"] as? Bool == true,
           let cursor = info["endCursor"] as? String, !list.contains("last:") {
            let next = list.replacingOccurrences(of: "(first: ", with: "(after: \"\(cursor)\", first: ")
                .replacingOccurrences(of: "offset: 3, ", with: "")
            let nextBoth = await service.run("{ \(field): \(next) { totalCount nodes { id } } }")
            let nextPage = await service.run("{ \(field): \(next) { nodes { id } } }")
            #expect(try codes(nextBoth, field, "id") == codes(nextPage, field, "id"), "\(nextBoth)\n\(nextPage)")
            #expect(try !codes(nextBoth, field, "id").isEmpty, "\(nextBoth)")
            #expect(try total(nextBoth, field) == total(count, field))
        }
    }

    @Test("and: [] is true, or: [] is false, in: [] matches nothing, null operands are ignored")
    func emptyCombinations() async throws {
        let service = try await ServiceFixture.shared.service()
        let all = try total(await service.run("{ funds { totalCount } }"), "funds")
        #expect(try total(await service.run("{ funds(where: {and: []}) { totalCount } }"), "funds") == all)
        #expect(try total(await service.run("{ funds(where: {or: []}) { totalCount } }"), "funds") == 0)
        #expect(try total(await service.run("{ funds(where: {code: {in: []}}) { totalCount } }"), "funds") == 0)
        #expect(try total(await service.run("{ funds(where: {code: {notIn: []}}) { totalCount } }"), "funds") == all)
        #expect(try total(await service.run("{ funds(where: {code: {eq: null}}) { totalCount } }"), "funds") == all)
        let variables = await service.run("query($f: FundFilter) { funds(where: $f) { totalCount } }",
                                          variables: ["f": .dictionary(["code": .dictionary(["eq": .string("BANK_CREDIT")])])])
        #expect(try total(variables, "funds") == 1)
    }

    @Test("% and _ in startsWith/contains are literal; like keeps them as wildcards")
    func likeEscaping() async throws {
        let service = try await ServiceFixture.shared.service()
        #expect(try total(await service.run(#"{ clusters(where: {code: {contains: "_"}}) { totalCount } }"#), "clusters") == 0)
        #expect(try total(await service.run(#"{ clusters(where: {code: {like: "GZTS_52%"}}) { totalCount } }"#), "clusters") == 53)
        #expect(try total(await service.run(#"{ clusters(where: {code: {startsWith: "GZTS-5203%"}}) { totalCount } }"#), "clusters") == 0)
    }

    @Test("a malformed Date or Decimal operand is BAD_USER_INPUT, not a database error")
    func badOperands() async throws {
        let service = try await ServiceFixture.shared.service()
        let date = await service.run(#"{ enterprises(where: {foundedOn: {gt: "2020-13-01"}}) { totalCount } }"#)
        #expect(date.contains("is not a Date") && date.contains("BAD_USER_INPUT"), "\(date)")
        let decimal = await service.run(#"{ supportMeasures(where: {amountYuan: {gt: "1e9x"}}) { totalCount } }"#)
        #expect(decimal.contains("is not a number") && decimal.contains("BAD_USER_INPUT"), "\(decimal)")
    }

    @Test("a filtered list pages with cursors and its totalCount counts the filtered rows")
    func filteredPages() async throws {
        let service = try await ServiceFixture.shared.service()
        let first = await service.run(#"{ clusters(first: 5, where: {recordedStatus: {eq: RECOGNIZED}}, orderBy: [{name: DESC}]) { totalCount nodes { code } pageInfo { endCursor } } }"#)
        #expect(try total(first, "clusters") == 27)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        let cursor = try #require((((json["data"] as? [String: Any])?["clusters"] as? [String: Any])?["pageInfo"]
            as? [String: Any])?["endCursor"] as? String)
        let rest = await service.run("{ clusters(first: 100, after: \"\(cursor)\", where: {recordedStatus: {eq: RECOGNIZED}}, orderBy: [{name: DESC}]) { nodes { code } } }")
        let all = await service.run(#"{ clusters(first: 100, where: {recordedStatus: {eq: RECOGNIZED}}, orderBy: [{name: DESC}]) { nodes { code } } }"#)
        #expect(try codes(first, "clusters", "code") + codes(rest, "clusters", "code") == codes(all, "clusters", "code"))
    }
}
