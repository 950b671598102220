import Engine
import Exchange
import Foundation
import Postgres
import TestSupport
import Testing

/// An import seen by the server: the kept answers that read what it wrote are dropped when it commits (the change
/// notifications of issue 18 §2), so the next answer shows the records.
@Suite("Imports and the server's answers")
struct ImportAnswersTests {
    @Test("an answer kept before an import is dropped when it commits; the next answer shows the records and the import")
    func answersFollowAnImport() async throws {
        let database = try await ProjectDatabase.migrated("import-answers")
        let pool = ConnectionPool(configuration: database, options: .init(size: 2, sessionSettings: QueryService.sessionSettings),
                                  logger: TestLogging.logger)
        let answers = AnswerCaching(budget: 8 << 20, configuration: database, logger: TestLogging.logger)
        answers.start()
        defer { answers.stop() }
        let source = try String(contentsOf: Repository.url("schema/schema.graphql"), encoding: .utf8)
        let service = try await ProjectDatabase.settingUp {
            try QueryService(schemas: .single(source), catalog: .qunji, pool: pool, logger: TestLogging.logger, limits: .standard, answers: answers)
        }
        defer { Task { await pool.shutdown() } }
        func run(_ query: String) async -> String {
            guard case .executed(let body, _) = await service.execute(QueryRequest(query: query, principal: Principal(role: .admin))) else { return "" }
            return String(decoding: body, as: UTF8.self)
        }
        func eventually(_ condition: () -> Bool) async throws -> Bool {
            let deadline = ContinuousClock.now + .seconds(5)
            while ContinuousClock.now < deadline, !condition() { try await Task.sleep(for: .milliseconds(20)) }
            return condition()
        }
        #expect(try await eventually { answers.cache.currentStatistics.listening })

        let query = #"{ clusters { totalCount nodes { code } } dataSets(where: {kind: {eq: IMPORT}}) { totalCount } }"#
        let before = await run(query)
        #expect(before.contains("\"totalCount\" : 0"), "\(before)")
        let hits = answers.cache.currentStatistics.hits
        #expect(await run(query) == before)
        #expect(answers.cache.currentStatistics.hits == hits + 1, "the answer was not kept")

        let report = try await ImportSupport.run([try await ImportSupport.workbook()], into: database)
        #expect(report.problems.isEmpty, "\(report.problems)")
        // The commit's notification arrives within moments; until then the kept answer may still be served.
        var after = await run(query)
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline, !after.contains("TEST-520382-01") {
            try await Task.sleep(for: .milliseconds(20))
            after = await run(query)
        }
        #expect(after.contains("TEST-520382-01") && after.contains("TEST-520102-01"), "\(after)")
        #expect(after.contains("\"dataSets\" : {\"totalCount\" : 1}"), "\(after)")
    }
}
