import Engine
import Foundation
import GraphQL
import Planner
import TestSupport
import Testing

/// Plans cached by shape (issue 17 §3): requests that differ only in the values a plan re-reads share one plan,
/// compiled once, and each gets its own answer; values that decide the plan's shape never share one.
@Suite("Plans shared by shape")
struct PlanSharingTests {
    /// The compiled-plan cache's figures, as `/metrics` shows them (`qunji_cache_entries{cache="compiled"}`, …).
    private func planCache(_ service: QueryService) async -> (entries: Int, misses: Int, hits: Int) {
        let snapshot = await service.snapshot()
        return (snapshot.caches["compiled"]?.entries ?? -1, snapshot.compiledMisses, snapshot.compiledHits)
    }

    private func statement(_ service: QueryService, _ query: String, _ variables: [String: Map]? = nil) throws -> CompiledStatement {
        try Self.statement(service, query, variables)
    }

    private static func statement(_ service: QueryService, _ query: String, _ variables: [String: Map]? = nil) throws -> CompiledStatement {
        switch service.compiledStatement(for: QueryRequest(query: query, variables: variables)) {
        case .success(let statement): return statement
        case .failure(let refusal): throw TestFailure("refused: \(refusal.errors.map(\.message))")
        }
    }

    struct TestFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// The value at `path` of a JSON response body.
    private func value(_ body: String, _ path: String...) -> String {
        var current: Any? = try? JSONSerialization.jsonObject(with: Data(body.utf8))
        for key in path { current = (current as? [String: Any])?[key] }
        if current is NSNull { return "null" }
        return current.map { "\($0)" } ?? "missing in \(body)"
    }

    private func rows(_ sql: String) async throws -> [[String?]] {
        let database = try await ServiceFixture.shared.seededDatabase()
        return try await ProjectDatabase.withConnection(database) { connection in
            let rows = try connection.query(sql)
            return (0..<rows.count).map { rows.row($0) }
        }
    }

    @Test("10,000 requests of one document with distinct variable values compile once and leave one plan")
    func distinctVariables() async throws {
        let service = try await ServiceFixture.shared.isolatedService(poolSize: 2)
        let query = "query($name: String, $after: Date) { enterprises(first: 5, where: {name: {contains: $name}, foundedOn: {gte: $after}}) { totalCount } }"
        // 10,000 compilations or look-ups are CPU work: done on the tests' set-up queue, off the cooperative threads
        // the HTTP servers of other suites in this process answer on (see ProjectDatabase.settingUp).
        let (statements, wrong) = try await ProjectDatabase.settingUp { () throws -> (Set<String>, [String]) in
            var statements: Set<String> = []
            var wrong: [String] = []
            for index in 0..<10_000 {
                let day = String(format: "20%02d-%02d-%02d", index % 25, index % 12 + 1, index % 28 + 1)
                let statement = try Self.statement(service, query, ["name": .string("企业\(index)"), "after": .string(day)])
                statements.insert(statement.sql)
                // This request's own values, in this request's parameters.
                if !(statement.parameters.contains("%企业\(index)%") && statement.parameters.contains(day)) {
                    wrong.append("request \(index) got \(statement.parameters)")
                }
            }
            return (statements, wrong)
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(3))")
        #expect(statements.count == 1)
        let cache = await planCache(service)
        #expect(cache.entries == 1 && cache.misses == 1 && cache.hits == 9_999, "\(cache)")
        // And the answers are each request's own: the same plan run with different values.
        for (name, day) in [("科技", "2010-01-01"), ("有限", "2018-06-30"), ("股份", "2000-01-01"), ("不存在的名字", "2000-01-01")] {
            let body = await service.run(query, variables: ["name": .string(name), "after": .string(day)])
            let expected = try await rows("SELECT count(*) FROM enterprise WHERE name LIKE '%\(name)%' AND founded_on >= '\(day)'")
            #expect(value(body, "data", "enterprises", "totalCount") == expected[0][0], "\(name) \(day)")
        }
        #expect(await planCache(service).entries == 1)
    }

    @Test("1,000 documents differing only in a literal (and in spacing) compile once, and each answers for its own literal")
    func distinctLiterals() async throws {
        let service = try await ServiceFixture.shared.isolatedService(poolSize: 2)
        let codes = try await rows("SELECT code, name FROM cluster ORDER BY code")
        try #require(codes.count >= 10)
        let known = codes.map { $0[0] ?? "" }
        // A thousand parses and validations: on the set-up queue, as above.
        try await ProjectDatabase.settingUp {
            for index in 0..<1_000 {
                let code = index < known.count ? known[index] : "GZTS-NONE-\(index)"
                let spacing = index % 2 == 0 ? " " : "\n  "
                _ = try Self.statement(service, "{\(spacing)cluster(code: \"\(code)\") { name } }")
            }
        }
        let cache = await planCache(service)
        #expect(cache.entries == 1 && cache.misses == 1, "\(cache)")
        for row in codes.prefix(10) {
            let body = await service.run("{ cluster(code: \"\(row[0] ?? "")\") { name } }")
            #expect(value(body, "data", "cluster", "name") == row[1])
        }
        #expect(value(await service.run("{ cluster(code: \"GZTS-NONE\") { name } }"), "data", "cluster") == "null")
        #expect(await planCache(service).entries == 1)
    }

    @Test("values that decide the plan's shape get plans of their own")
    func shapeDecidingValues() async throws {
        let service = try await ServiceFixture.shared.isolatedService(poolSize: 2)
        // A page size: two plans, each with its own LIMIT.
        let pageQuery = "query($n: Int) { clusters(first: $n) { nodes { code } } }"
        let two = try statement(service, pageQuery, ["n": .number(2)])
        let three = try statement(service, pageQuery, ["n": .number(3)])
        #expect(two.parameters != three.parameters)
        #expect(await service.run(pageQuery, variables: ["n": .number(2)]).components(separatedBy: "\"code\"").count == 3)
        #expect(await service.run(pageQuery, variables: ["n": .number(3)]).components(separatedBy: "\"code\"").count == 4)
        // A variable used both as a page size and as an operand is never re-read: its value is in the key.
        let twice = "query($n: Int) { clusters(first: $n, where: {enterprises: {count: {gte: $n}}}) { nodes { code } } }"
        let a = try statement(service, twice, ["n": .number(2)])
        let b = try statement(service, twice, ["n": .number(4)])
        #expect(a.parameters.filter { $0 == "2" }.count >= 2 && b.parameters.filter { $0 == "4" }.count >= 2,
                "\(a.parameters) \(b.parameters)")
        // @include decides the selection; a null operand compiles to no condition; a different filter, another plan.
        let include = "query($b: Boolean!, $c: String) { clusters(first: 1, where: {code: {eq: $c}}) { totalCount nodes @include(if: $b) { code } } }"
        let with = try statement(service, include, ["b": .bool(true), "c": .string("x")])
        let without = try statement(service, include, ["b": .bool(false), "c": .string("x")])
        let unfiltered = try statement(service, include, ["b": .bool(false), "c": .null])
        #expect(with.sql != without.sql && without.sql != unfiltered.sql && with.sql.contains("'nodes'") && !without.sql.contains("'nodes'"))
        let total = try await rows("SELECT count(*) FROM cluster")[0][0] ?? "?"
        #expect(value(await service.run(include, variables: ["b": .bool(false), "c": .null]), "data", "clusters", "totalCount") == total)
        #expect(value(await service.run(include, variables: ["b": .bool(false), "c": .string("x")]), "data", "clusters", "totalCount") == "0")
        let filter = "query($w: ClusterFilter) { clusters(where: $w) { totalCount } }"
        let byCode = try statement(service, filter, ["w": ["code": ["eq": "A"]]])
        let byName = try statement(service, filter, ["w": ["name": ["eq": "A"]]])
        let byCodeAgain = try statement(service, filter, ["w": ["code": ["eq": "B"]]])
        #expect(byCode.sql != byName.sql && byCode.sql == byCodeAgain.sql && byCodeAgain.parameters.contains("B"))
    }

    @Test("a value the plan checks is checked for every request it serves, not only the one it was compiled for")
    func checksEveryRequest() async throws {
        let service = try await ServiceFixture.shared.isolatedService(poolSize: 2)
        // `eligibility(year:)` takes years 2000–2100, a range only the plan checks (the schema says Int).
        let code = try #require(try await rows("SELECT code FROM cluster ORDER BY code LIMIT 1").first?[0] ?? nil)
        let query = "query($y: Int) { cluster(code: \"\(code)\") { eligibility(year: $y) { eligible } } }"
        let answered = await service.run(query, variables: ["y": .number(2024)])
        #expect(["true", "false", "1", "0"].contains(value(answered, "data", "cluster", "eligibility", "eligible")), "\(answered)")
        #expect(await planCache(service).entries == 1)
        let refused = await service.run(query, variables: ["y": .number(1999)])
        #expect(refused.contains(#""year\" must be between 2000 and 2100 (got 1999)."#) && refused.contains("BAD_USER_INPUT"), "\(refused)")
        let literal = await service.run("{ cluster(code: \"\(code)\") { eligibility(year: 2101) { eligible } } }")
        #expect(literal.contains(#""year\" must be between 2000 and 2100 (got 2101)."#), "\(literal)")
        let inRange = await service.run("{ cluster(code: \"\(code)\") { eligibility(year: 2100) { eligible } } }")
        #expect(!inRange.contains("errors"), "\(inRange)")
        // Two shapes (variable and literal), two plans. The variable's refusal came from the cached plan; the literal's
        // first request was refused while compiling, so nothing was kept and the next one compiled.
        let cache = await planCache(service)
        #expect(cache.entries == 2 && cache.misses == 3 && cache.hits == 1, "\(cache)")
    }

    @Test("principals limited to different regions share one plan, each reading only its own region")
    func regionsShareAPlan() async throws {
        let service = try await ServiceFixture.shared.isolatedService(poolSize: 2)
        let query = "{ enterprises(first: 500) { totalCount nodes { county { prefecture { code } } } } }"
        for region in ["520100", "520300", "522600"] {
            let result = await service.execute(QueryRequest(query: query, principal: Principal(role: .analyst, region: region)))
            guard case .executed(let data, _) = result else {
                Issue.record("\(region): \(result)")
                continue
            }
            let body = String(decoding: data, as: UTF8.self)
            let expected = try await rows("SELECT count(*) FROM enterprise e JOIN county k ON k.code = e.county_code WHERE k.prefecture_code = '\(region)'")
            #expect(value(body, "data", "enterprises", "totalCount") == expected[0][0], "\(region)")
            let prefectures = Set(body.matches(of: /"code" : "(\d+)"/).map { String($0.output.1) })
            #expect(prefectures == [region], "\(region): \(prefectures)")
        }
        // One plan for the three regions; the unlimited principal has a plan of its own (no region condition at all).
        #expect(await planCache(service).entries == 1)
        _ = await service.run(query)
        #expect(await planCache(service).entries == 2)
    }
}
