import Engine
import Foundation
import GraphQL
import Postgres
import TestSupport
import Testing

/// The warm-up a server runs before `/readyz` says ready (`QueryService.startWarmUp`).
@Suite("Warm-up before ready")
struct WarmUpTests {
    @Test("the warm-up opens every connection of the pool and ends; readiness waits for it; its operation answers cleanly")
    func warmUp() async throws {
        let service = try await RoleTests.makeService()
        #expect(await service.isReady(), "a service asked for no warm-up is ready as soon as its database is")
        service.startWarmUp()
        var ready = false
        for _ in 0..<500 where !ready {
            ready = await service.isReady()
            if !ready { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(ready)
        let statistics = await service.pool.statistics
        #expect(statistics.open == service.pool.options.size, "the warm-up left connections unopened: \(statistics)")
        // The operation answers as the admin without errors: a change to the schema that broke it fails here, not
        // silently in every server's start-up.
        let body = await RoleTests.run(service, QueryService.warmUpOperation, as: Principal(role: .admin), variables: ["first": .number(1)])
        let answer = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        let data = answer?["data"] as? [String: Any]
        #expect(answer?["errors"] == nil, "\(body.prefix(300))")
        #expect((data?["__type"] as? [String: Any])?["name"] as? String == "Prefecture")
        #expect((data?["prefectures"] as? [String: Any])?["totalCount"] as? Int == 2)
        await service.pool.shutdown()
    }

    @Test("readiness says no while the warm-up runs: its statement held behind a lock keeps /readyz at 503 until it ends")
    func notReadyDuringWarmUp() async throws {
        // A database of its own: the lock below would hold up every other suite reading the province's divisions.
        let database = try await ProjectDatabase.migrated("warm-up-lock")
        let pool = ConnectionPool(configuration: database, options: .init(size: 2, sessionSettings: QueryService.sessionSettings),
                                  logger: TestLogging.logger)
        let schemas = try await TestSchemas.roles()
        let service = try await ProjectDatabase.settingUp {
            try QueryService(schemas: schemas, catalog: .qunji, pool: pool, logger: TestLogging.logger, limits: .testing)
        }
        #expect(await service.isReady())

        // Another session holds the divisions the warm-up operation reads; the warm-up's statement waits for it.
        let holder = try await ProjectDatabase.blocking { try PostgresConnection.connect(database, logger: TestLogging.logger) }
        defer { holder.close() }
        try await ProjectDatabase.blocking { try holder.execute("BEGIN; LOCK TABLE prefecture IN ACCESS EXCLUSIVE MODE;") }
        service.startWarmUp()
        // (Its text as pg_stat_activity shows it: the first 1024 bytes, where the table names of the row count may not reach.)
        let waiting = try await ProjectDatabase.sessionWaitsOnLock(database, runningTextContaining: "json_build_object")
        #expect(waiting, "the warm-up's statement never waited for the lock")
        // The database answers (SELECT 1 needs no lock), but the server is not ready: the warm-up has not ended.
        #expect(await service.isReady() == false)
        #expect(await service.isReady() == false)

        try await ProjectDatabase.blocking { try holder.execute("ROLLBACK") }
        var ready = false
        for _ in 0..<500 where !ready {
            ready = await service.isReady()
            if !ready { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(ready, "the warm-up did not end once the lock was released")
        await service.pool.shutdown()
    }
}
