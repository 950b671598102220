import Catalog
@testable import Engine
import Foundation
import GraphQL
@testable import Planner
import Postgres
import TestSupport
import Testing

/// Issue 16 §3: work that reads whole tables — filters on rules, totals, aggregates, groups, distribution,
/// target progress, support totals — is charged by the tables' row counts, so a document admitted on the
/// sample data is refused when the same tables hold a province's worth of rows.
@Suite("Cost of reading whole tables")
struct ScanCostTests {
    /// Documents that read whole tables: cheap at scale 1, seconds at scale 100 (measured in
    /// BENCHMARKS.md, "Trusting the public endpoint").
    static let heavyAtScale = [
        "{ enterpriseGroups(groupBy: [QUALIFICATION_KIND], first: 1000) { count } }",
        "{ clusterGroups(groupBy: [REVOCATION_GROUND], first: 1000) { count } }",
        "{ clusters(first: 1, where: {revocationRiskCount: {gt: 5}}) { nodes { code } } }",
        "{ a: distribution(dimension: COUNTY) { enterpriseCount } b: distribution(dimension: PREFECTURE) { enterpriseCount } "
            + "c: distribution(dimension: STATUS) { enterpriseCount } d: distribution(dimension: INDUSTRIAL_BASE) { enterpriseCount } "
            + "e: distribution(dimension: LEADING_INDUSTRY) { enterpriseCount } }",
        // Rows skipped by offset are read: 20 lists each skipping (up to) every enterprise.
        "{ " + (0..<20).map { "o\($0): enterprises(first: 1, offset: 100000000) { nodes { name } }" }.joined(separator: " ") + " }",
    ]

    static func compiler() async throws -> QueryCompiler {
        var limits = QueryCompiler.PageLimits()
        limits.maximumCost = RequestLimits.standard.maximumCost
        return QueryCompiler(catalog: .qunji, schema: try await TestSchemas.anonymous(), limits: limits)
    }

    /// The estimate for `query`, or the refusal's message.
    static func estimate(_ query: String, _ rows: TableRows) async throws -> Result<Void, QueryError> {
        let document = try GraphQL.parse(source: Source(body: query))
        let compiler = try await compiler()
        do {
            _ = try compiler.compile(document: document, operationName: nil, variables: [:], tableRows: rows)
            return .success(())
        } catch let error as QueryError {
            return .failure(error)
        }
    }

    /// The seeded database's counts, as the shared service counted them when it was made.
    static func sampleRows() async throws -> TableRows {
        try await ServiceFixture.shared.service().tableRowCounts
    }

    @Test("the service counts every table the catalog reads, exactly")
    func counts() async throws {
        let service = try await ServiceFixture.shared.isolatedService(poolSize: 1)
        defer { Task { await service.pool.shutdown() } }
        // Counted when the fixture made the service; a recount of unchanged tables keeps the generation.
        await service.refreshTableRows()
        let rows = service.tableRowCounts
        for table in ["cluster", "enterprise", "qualification", "support_measure", "cluster_indicator", "county"] {
            let counted = try await service.pool.queryPrepared("SELECT count(*) FROM \(table)").scalar.flatMap { Int($0) }
            #expect(counted ?? 0 > 0 && rows.counts[table] == counted,
                    "\(table): \(String(describing: rows.counts[table])) vs \(String(describing: counted))")
        }
        #expect(rows.generation == 1, "the first count starts generation 1, and the same counts keep it")
    }

    /// A service over the sample database with a pool of its own, whose tables have not been counted yet.
    static func uncountedService(poolSize: Int, maximumAge: Duration) async throws -> (QueryService, ConnectionPool) {
        let database = try await ServiceFixture.shared.seededDatabase()
        let pool = ConnectionPool(configuration: database, options: .init(size: poolSize, sessionSettings: QueryService.sessionSettings),
                                  logger: TestLogging.logger)
        let source = try String(contentsOf: Repository.url("schema/schema.graphql"), encoding: .utf8)
        let service = try await ProjectDatabase.settingUp {
            try QueryService(schemaSource: source, catalog: .qunji, pool: pool, logger: TestLogging.logger, limits: .testing,
                             tableRowsMaximumAge: maximumAge)
        }
        return (service, pool)
    }

    @Test("counts older than their maximum age are counted again in the background, without holding up the request")
    func recount() async throws {
        let (service, pool) = try await Self.uncountedService(poolSize: 2, maximumAge: .zero)
        defer { Task { await pool.shutdown() } }
        let query = "{ funds { totalCount } }"
        let start = await pool.checkoutCount
        // The first request waits for the first count, then runs: two round trips.
        #expect(await service.run(query).hasPrefix(#"{"data""#))
        #expect(await pool.checkoutCount - start == 2)
        #expect(service.tableRowCounts.generation == 1)
        // Now stale: the next request runs at once and starts a recount beside it.
        try await Task.sleep(for: .milliseconds(20))
        #expect(await service.run(query).hasPrefix(#"{"data""#))
        var rounds = await pool.checkoutCount - start
        for _ in 0..<100 where rounds < 4 {
            try await Task.sleep(for: .milliseconds(50))
            rounds = await pool.checkoutCount - start
        }
        #expect(rounds == 4, "the recount ran")
        #expect(service.tableRowCounts.generation == 1, "unchanged counts keep the generation, and the plans")
    }

    @Test("requests arriving together before any count wait for one count, not one each")
    func firstCountIsShared() async throws {
        let (service, pool) = try await Self.uncountedService(poolSize: 4, maximumAge: .seconds(3600))
        defer { Task { await pool.shutdown() } }
        let start = await pool.checkoutCount
        let answers = await withTaskGroup(of: String.self) { group in
            for _ in 0..<16 { group.addTask { await service.run("{ funds { totalCount } }") } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(answers.allSatisfy { $0.hasPrefix(#"{"data""#) }, "\(answers.first ?? "")")
        #expect(service.tableRowCountsStarted == 1)
        #expect(await pool.checkoutCount - start == 17, "one count and sixteen queries")
        #expect(service.tableRowCounts.generation == 1)
    }

    @Test("documents reading whole tables are admitted on the sample data and refused for anonymous at 100 times its rows",
          arguments: heavyAtScale)
    func scale(query: String) async throws {
        let sample = try await Self.sampleRows()
        guard case .success = try await Self.estimate(query, sample) else {
            Issue.record("refused at scale 1: \(query)")
            return
        }
        let hundredfold = TableRows(counts: sample.counts.mapValues { $0 * 100 }, generation: 2)
        guard case .failure(let error) = try await Self.estimate(query, hundredfold) else {
            Issue.record("admitted at scale 100: \(query)")
            return
        }
        #expect(error.responseError.code == LimitCode.cost)
        #expect(error.responseError.message.contains("this server allows 100000"), "\(error.responseError.message)")
    }

    @Test("a page that reads only its page costs the same whatever the tables hold")
    func pageOnly() async throws {
        let sample = try await Self.sampleRows()
        let hundredfold = TableRows(counts: sample.counts.mapValues { $0 * 100 }, generation: 2)
        let query = "{ clusters(first: 500) { nodes { code name enterprises(first: 100) { nodes { name } } } } }"
        guard case .success = try await Self.estimate(query, hundredfold) else {
            Issue.record("a plain page was refused at scale 100")
            return
        }
    }

    @Test("filters count every candidate row: a filter on a rule over a nested list is charged per owner row")
    func nestedCandidates() async throws {
        // 9 prefectures × (4607 / 9 clusters each) × the revocation-risk weight, well over the limit; the
        // same filter in one prefecture's list of a tenth of the clusters stays under it.
        let query = "{ prefectures { nodes { clusters(first: 1, where: {revocationRiskCount: {gt: 0}}) { nodes { code } } } } }"
        let big = TableRows(counts: ["cluster": 4_607, "prefecture": 9], generation: 1)
        let small = TableRows(counts: ["cluster": 53, "prefecture": 9], generation: 1)
        guard case .failure = try await Self.estimate(query, big) else {
            Issue.record("admitted with 4,607 clusters")
            return
        }
        guard case .success = try await Self.estimate(query, small) else {
            Issue.record("refused with 53 clusters")
            return
        }
    }

    /// The compiler's estimate for `query`, read from the refusal of a compiler that admits nothing.
    static func cost(_ query: String, _ rows: TableRows) async throws -> Int? {
        var limits = QueryCompiler.PageLimits()
        limits.maximumCost = 0
        let compiler = QueryCompiler(catalog: .qunji, schema: try await TestSchemas.anonymous(), limits: limits)
        do {
            _ = try compiler.compile(document: try GraphQL.parse(source: Source(body: query)), operationName: nil, variables: [:],
                                     tableRows: rows)
            return 0
        } catch let error as QueryError {
            let message = error.responseError.message
            guard let range = message.range(of: "estimated at ") else { return nil }
            return Int(message[range.upperBound...].prefix { $0.isNumber })
        }
    }

    @Test("a filter on a list's own rows asked with its total and a page is charged for the two, not a third time for the probe")
    func totalAndPageChargedOnce() async throws {
        // The compiler compiles the filter once to learn whether its matches are worth computing once (a WITH); a
        // filter on the row's own columns keeps the count and the page apart, and must cost what they cost alone.
        let rows = TableRows(counts: ["cluster": 1_000], generation: 1)
        let filter = "first: 1, where: {revocationRiskCount: {gt: 0}}"
        let both = try #require(try await Self.cost("{ clusters(\(filter)) { totalCount nodes { code } } }", rows))
        let total = try #require(try await Self.cost("{ clusters(\(filter)) { totalCount } }", rows))
        let page = try #require(try await Self.cost("{ clusters(\(filter)) { nodes { code } } }", rows))
        let neither = try #require(try await Self.cost("{ clusters(\(filter)) { __typename } }", rows))
        #expect(total > neither && page > neither, "total \(total), page \(page), list alone \(neither)")
        #expect(both == total + page - neither, "total and page \(both), total \(total), page \(page), list alone \(neither)")
    }

    @Test("a new generation of counts only when some table moved by more than a tenth", arguments: [
        (1_000, 1_100, false), (1_000, 1_101, true), (1_000, 900, false), (1_000, 899, true), (0, 10, false), (0, 11, true),
    ])
    func generations(old: Int, new: Int, bumps: Bool) {
        let before = TableRows(counts: ["cluster": old], generation: 3)
        let after = before.updated(with: ["cluster": new])
        #expect(after.generation == (bumps ? 4 : 3), "\(old) → \(new)")
        #expect(before.updated(with: ["cluster": old, "enterprise": 1]).generation == 4, "a table counted for the first time")
    }
}
