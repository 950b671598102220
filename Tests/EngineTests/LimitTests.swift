import Catalog
import Engine
import Foundation
import GraphQL
import Planner
import Postgres
import TestSupport
import Testing

/// Every request limit (issue 6 §1): its error code, that it is checked before any SQL runs where it can
/// be, and that the README's and explorer's queries stay within the defaults.
@Suite("Request limits")
struct LimitTests {
    /// The error codes of a rejected or failed response body.
    static func codes(_ body: String) -> [String] {
        body.components(separatedBy: "\"code\":\"").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) }
    }

    @Test("query length, tokens and bracket depth are refused before parsing, even at 1 MB or 10,000 levels")
    func lexicalLimits() async throws {
        let service = try await ServiceFixture.shared.service()
        let long = "{ clusters { totalCount } }" + String(repeating: " ", count: 100_001)
        #expect(Self.codes(await service.run(long)) == ["QUERY_TOO_LONG"])
        var limits = RequestLimits.standard
        limits.maximumQueryBytes = 2_000_000
        let lenient = try await ServiceFixture.shared.isolatedService(limits: limits)
        defer { Task { await lenient.pool.shutdown() } }
        // 10,000 levels of nesting: refused by the scan; the recursive parser never sees it.
        let deep = String(repeating: "{ a ", count: 10_000) + String(repeating: "}", count: 10_000)
        let deepBody = await lenient.run(deep)
        #expect(Self.codes(deepBody) == ["PARSE_DEPTH_EXCEEDED"], "\(deepBody.prefix(300))")
        let deepList = "{ clusters(where: {code: {in: " + String(repeating: "[", count: 5_000) + "]}}) { totalCount } }"
        #expect(Self.codes(await lenient.run(deepList)) == ["PARSE_DEPTH_EXCEEDED"])
        // A megabyte of fields: too many tokens.
        let wide = "{ " + String(repeating: "__typename ", count: 100_000) + "}"
        #expect(wide.utf8.count > 1_000_000)
        #expect(Self.codes(await lenient.run(wide)) == ["TOKEN_LIMIT_EXCEEDED"])
        // Brackets inside strings and comments do not count.
        let quoted = "{ clusters(where: {name: {eq: \"" + String(repeating: "{[(", count: 100) + "\"}}) { totalCount } } # " + String(repeating: "{", count: 100)
        #expect(await service.run(quoted) == #"{"data":{"clusters" : {"totalCount" : 0}}}"#)
        let block = "{ clusters(where: {name: {eq: \"\"\"" + String(repeating: "{ \\\"\"\" [", count: 100) + "\"\"\"}}) { totalCount } }"
        #expect(await service.run(block) == #"{"data":{"clusters" : {"totalCount" : 0}}}"#)
    }

    @Test("selection depth and aliases per selection set, with fragments expanded")
    func shapeLimits() async throws {
        var limits = RequestLimits.standard
        limits.maximumSelectionDepth = 4
        limits.maximumAliases = 3
        let service = try await ServiceFixture.shared.isolatedService(limits: limits)
        defer { Task { await service.pool.shutdown() } }
        // Depth 4 passes, depth 5 (through a fragment) does not.
        #expect(await service.run("{ clusters(first: 1) { nodes { prefecture { name } } } }").hasPrefix(#"{"data""#))
        let deep = await service.run("{ clusters(first: 1) { nodes { ...F } } } fragment F on Cluster { prefecture { counties(first: 1) { totalCount } } }")
        #expect(Self.codes(deep) == ["SELECTION_DEPTH_EXCEEDED"], "\(deep)")
        #expect(deep.contains("5 levels deep; this server allows 4"))
        // Three aliases pass; a fourth spread in from a fragment and an inline fragment does not.
        #expect(await service.run("{ a: clusters { totalCount } b: clusters { totalCount } c: clusters { totalCount } }").hasPrefix(#"{"data""#))
        let aliased = await service.run("""
            { a: clusters { totalCount } b: clusters { totalCount } ... on Query { c: clusters { totalCount } } ...F }
            fragment F on Query { d: clusters { totalCount } }
            """)
        #expect(Self.codes(aliased) == ["ALIAS_LIMIT_EXCEEDED"], "\(aliased)")
    }

    @Test("estimated result size multiplies page sizes through nested lists, before any SQL runs")
    func cost() async throws {
        let service = try await ServiceFixture.shared.isolatedService(poolSize: 1)
        defer { Task { await service.pool.shutdown() } }
        await service.refreshTableRows()  // the row counts estimates use, counted once before the first request
        let before = await service.pool.checkoutCount
        // 500 enterprises × 500 titles × 1 = 250,500 items > 100,000 (a root list counts at most its table's rows:
        // the sample data has 3,253 enterprises, but only 53 clusters).
        let big = await service.run("{ enterprises(first: 500) { nodes { qualifications(first: 500) { nodes { kind } } } } }")
        #expect(Self.codes(big) == ["COST_LIMIT_EXCEEDED"], "\(big)")
        #expect(big.contains("estimated at 250500 cost units") && big.contains("allows 100000"), "\(big)")
        // Variables count: the same shape with first from a variable.
        let viaVariable = await service.run("query($n: Int) { enterprises(first: $n) { nodes { qualifications(first: $n) { nodes { kind } } } } }",
                                            variables: ["n": .int(400)])
        #expect(Self.codes(viaVariable) == ["COST_LIMIT_EXCEEDED"])
        #expect(await service.pool.checkoutCount == before, "no SQL ran for refused operations")
        // 200 × 200 = 40,200: within the default.
        #expect(await service.run("{ clusters(first: 200) { nodes { enterprises(first: 200) { totalCount } } } }").hasPrefix(#"{"data""#))
        // Nesting deep enough to overflow a naive product saturates instead of crashing.
        var nested = "enterprises(first: 500) { totalCount }"
        for _ in 0..<6 { nested = "enterprises(first: 500) { nodes { cluster { \(nested) } } }" }
        nested = "{ clusters(first: 500) { nodes { \(nested) } } }"
        var deep = RequestLimits.standard
        deep.maximumSelectionDepth = 100
        let lenient = try await ServiceFixture.shared.isolatedService(limits: deep, poolSize: 1)
        defer { Task { await lenient.pool.shutdown() } }
        let nestedBody = await lenient.run(nested)
        #expect(Self.codes(nestedBody) == ["COST_LIMIT_EXCEEDED"], "\(nestedBody.prefix(500))")
    }

    @Test("variables: too many values or too deeply nested")
    func variables() async throws {
        let service = try await ServiceFixture.shared.service()
        let query = "query($codes: [String!]) { clusters(where: {code: {in: $codes}}) { totalCount } }"
        let many = Map.array((0..<10_001).map { .string("C\($0)") })
        #expect(Self.codes(await service.run(query, variables: ["codes": many])) == ["VARIABLES_TOO_LARGE"])
        #expect(await service.run(query, variables: ["codes": .array((0..<1000).map { .string("C\($0)") })])
                == #"{"data":{"clusters" : {"totalCount" : 0}}}"#)
        var nested = Map.string("x")
        for _ in 0..<40 { nested = .dictionary(["and": .array([nested])]) }
        let deep = await service.run("query($w: ClusterFilter) { clusters(where: $w) { totalCount } }", variables: ["w": nested])
        #expect(Self.codes(deep) == ["VARIABLES_TOO_LARGE"], "\(deep)")
    }

    @Test("policy rules weigh what they cost: the issue's 14.7 KB eligibility document is refused for anonymous with its estimate and the limit, not run")
    func ruleWeights() async throws {
        let service = try await ServiceFixture.shared.isolatedService(poolSize: 1)
        defer { Task { await service.pool.shutdown() } }
        await service.refreshTableRows()  // the row counts estimates use, counted once before the first request
        let before = await service.pool.checkoutCount
        let figures = (0..<50).map { "e\($0): eligibility(standard: \"MIIT-2022\", year: 2021) { conditionsMet }" }.joined(separator: " ")
        let document = "{ " + (0..<4).map { "r\($0): clusters(first: 53, asOf: \"2025-01-01\") { nodes { \(figures) } }" }
            .joined(separator: " ") + " }"
        #expect(document.utf8.count > 14_000)
        let refused = await service.run(document)
        #expect(Self.codes(refused) == ["COST_LIMIT_EXCEEDED"], "\(refused.prefix(300))")
        // 4 × 53 clusters, each an item and 50 evaluations of the eligibility weight plus its one-object answer.
        let estimate = 4 * 53 * (1 + 50 * (CostWeights.eligibility + 1))
        #expect(refused.contains("estimated at \(estimate) cost units") && refused.contains("allows 100000"), "\(refused.prefix(300))")
        #expect(await service.pool.checkoutCount == before, "refused before any SQL")
        // A page of clusters with their eligibility, as the dashboard asks, stays well within the limit.
        let page = await service.run(#"{ clusters(first: 53) { nodes { code eligibility(standard: "MIIT-2022", year: 2024) { conditionsMet } } } }"#)
        #expect(page.hasPrefix(#"{"data""#), "\(page.prefix(300))")
    }

    @Test("a statement running past its time limit is cancelled on the server and answered QUERY_TIMEOUT")
    func statementTimeout() async throws {
        var limits = RequestLimits.standard
        limits.statementTimeout = .milliseconds(50)
        limits.maximumAliases = 100
        // This test is about the time limit: the cost model would refuse the statement before it ran.
        limits.maximumCost = 100_000_000
        let service = try await ServiceFixture.shared.isolatedService(limits: limits, poolSize: 1)
        defer { Task { await service.pool.shutdown() } }
        // Every cluster's revocation risks, 40 times over (about 20 ms each): far above 50 ms.
        let slow = "{ " + (0..<40).map { "a\($0): clusters(where: {revocationRiskCount: {gt: \($0)}, name: {ne: \"不存在\"}}) { totalCount }" }
            .joined(separator: " ") + " }"
        let started = ContinuousClock.now
        let body = await service.run(slow)
        let elapsed = ContinuousClock.now - started
        #expect(Self.codes(body) == ["QUERY_TIMEOUT"], "\(body.prefix(500))")
        // Generous: the suite shares two cores with every other test.
        #expect(elapsed < .seconds(15), "cancelled, not left to run (\(elapsed))")
        // The server stopped too: no backend is still running it, and the connection serves the next request.
        let active = try await service.pool.query(
            "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%不存在%' AND pid <> pg_backend_pid()")
        #expect(active.scalar == "0")
        #expect(await service.run("{ clusters { totalCount } }") == #"{"data":{"clusters" : {"totalCount" : 53}}}"#)
    }

    @Test("the README's and the explorer's queries pass the default limits as their roles, and answer what the README shows")
    func defaultsAdmitRealQueries() async throws {
        let service = try await ServiceFixture.shared.service()
        // Every ```graphql block answers with data and no error, under the role schemas the server serves, as the
        // role it is marked for (`<!-- as: analyst -->`; otherwise anonymous for the README, as the explorer asks,
        // and analyst for the policy rules); and where a ```json answer follows, it is the sample data's answer.
        let database = try await ServiceFixture.shared.seededDatabase()
        // Issue 14 §6: the answers shown must not change with the calendar. They are asked twice: today, and with the
        // database's "today" (qunji_today(), from the setting qunji.today) moved a year ahead.
        var shanghai = Calendar(identifier: .gregorian)
        shanghai.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
        let nextYear = try #require(shanghai.date(byAdding: .year, value: 1, to: Date()))
        let parts = shanghai.dateComponents([.year, .month, .day], from: nextYear)
        let movedDay = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        for today in [nil, movedDay] {
            var settings = QueryService.sessionSettings
            if let today { settings["qunji.today"] = today }
            let pool = ConnectionPool(configuration: database, options: .init(size: 2, sessionSettings: settings),
                                      logger: TestLogging.logger)
            defer { Task { await pool.shutdown() } }
            if let today {
                let seen = try await pool.query("SELECT qunji_today()::text").scalar
                #expect(seen == today, "the database's today is moved")
            }
            // Building four role schemas is seconds of CPU: on a thread of its own, not one of Swift's two cooperative
            // threads, which the other tests' in-process servers need to answer at all.
            let roles = try await ProjectDatabase.settingUp {
                try QueryService(
                    schemas: try TestSchemas.roleSources.get(),
                    catalog: .qunji, pool: pool, logger: TestLogging.logger, limits: .testing)
            }
            for (file, role) in [("README.md", Role.anonymous), ("docs/policy-rules.md", Role.analyst)] {
                let text = try String(contentsOf: Repository.url(file), encoding: .utf8)
                let examples = DocumentationExample.all(in: text, defaultRole: role)
                #expect(!examples.isEmpty, "\(file) has GraphQL examples")
                for example in examples {
                    let body: String
                    switch await roles.execute(QueryRequest(query: example.query, principal: example.principal)) {
                    case .executed(let bytes, _): body = String(decoding: bytes, as: UTF8.self)
                    case .rejected(let errors), .unavailable(let errors): body = GraphQLResponseError.jsonArray(errors)
                    case .notAllowedOverGET: body = "GET"
                    }
                    #expect(body.hasPrefix(#"{"data""#) && !body.contains(#""errors""#),
                            "\(file):\(example.line) as \(example.principal.role.rawValue): \(example.query.prefix(80)) → \(body.prefix(300))")
                    // The answer the document shows is the answer the sample data gives.
                    if let shown = example.answer {
                        let actual = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? NSDictionary
                        let expected = try? JSONSerialization.jsonObject(with: Data(shown.utf8)) as? NSDictionary
                        #expect(expected != nil, "\(file):\(example.line): the answer shown is not JSON")
                        #expect(actual == expected, "\(file):\(example.line) (today: \(today ?? "real")): the answer shown differs from the real one:\n\(body)")
                    }
                }
            }
        }
        let introspection = try String(contentsOf: Repository.url("Tests/EngineTests/Fixtures/introspection.graphql"), encoding: .utf8)
        let answer = await service.run(introspection)
        #expect(answer.hasPrefix(#"{"data":{"__schema""#), "\(answer.prefix(300))")
    }
}
