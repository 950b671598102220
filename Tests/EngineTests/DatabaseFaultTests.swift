import EmbeddedPostgres
import Engine
import Foundation
import GraphQL
import Migrations
import Planner
import Postgres
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The database going away, coming back, or hanging (issue 6 §4), on a PostgreSQL server of the test's own.
@Suite("Database faults", .serialized)
struct DatabaseFaultTests {
    static func service(_ configuration: PostgresConfiguration, timeout: Duration = .seconds(10)) async throws -> QueryService {
        var limits = RequestLimits.standard
        limits.statementTimeout = timeout
        let pool = ConnectionPool(configuration: configuration,
                                  options: .init(size: 2, acquireTimeout: .seconds(2), sessionSettings: QueryService.sessionSettings),
                                  logger: TestLogging.logger)
        let source = try String(contentsOf: Repository.url("schema/schema.graphql"), encoding: .utf8)
        let serviceLimits = limits
        return try await ProjectDatabase.settingUp {
            try QueryService(schemaSource: source, catalog: .qunji, pool: pool, logger: TestLogging.logger, limits: serviceLimits)
        }
    }

    static func migrate(_ configuration: PostgresConfiguration) throws {
        let connection = try PostgresConnection.connect(configuration, logger: TestLogging.logger)
        defer { connection.close() }
        try MigrationRunner(migrations: try ProjectDatabase.migrations(), logger: TestLogging.logger).migrate(connection)
    }

    static let query = "{ prefectures { totalCount } }"

    /// The service's answer to the query once it is correct, retrying for up to `limit`, else the last answer: for
    /// setup and recovery, where how long a loaded machine takes is not what is tested (in the suite's first
    /// minute, two cores start and seed dozens of databases; the limit is generous for that).
    static func answer(within limit: Duration, from service: QueryService) async throws -> String {
        let deadline = ContinuousClock.now + limit
        var body = ""
        repeat {
            body = await service.run(query)
            if body == answer { return body }
            try await Task.sleep(for: .milliseconds(200))
        } while ContinuousClock.now < deadline
        return body
    }
    static let answer = #"{"data":{"prefectures" : {"totalCount" : 9}}}"#

    @Test("while the database is down requests fail fast with DATABASE_UNAVAILABLE; after it returns they succeed, no restart")
    func outageAndRecovery() async throws {
        // A fixed port, so the server comes back where the pool expects it.
        let server = EmbeddedPostgres(options: privateServerOptions(port: try LocalPort.pickFree()),
                                      installation: try PostgresInstallation.locate(), logger: TestLogging.logger)
        defer { try? server.stop() }
        let configuration = try await ProjectDatabase.blocking { try server.start() }
        try await ProjectDatabase.blocking { try Self.migrate(configuration) }
        let service = try await Self.service(configuration)
        defer { Task { await service.pool.shutdown() } }
        let fresh = try await Self.answer(within: .seconds(120), from: service)
        #expect(fresh == Self.answer, "the fresh server answers: \(fresh)")
        #expect(await service.isReady())

        try await ProjectDatabase.blocking { try server.stop() }
        // The freed port is held (bound, never listening) for the outage, so a connection is refused at once and no
        // other test's server (a demo database, a test HTTP server) can take the port meanwhile: one that did made
        // attempts wait for it instead of failing fast. Released before the database comes back.
        let port = try #require(server.options.port)
        let hold = try #require(PortHold(port: port), "hold the freed port \(port)")
        // Most attempts fail at once (a refused connection, or the pool's fail-fast window).
        var durations: [Duration] = []
        for _ in 0..<7 {
            let started = ContinuousClock.now
            let body = await service.run(Self.query)
            durations.append(ContinuousClock.now - started)
            #expect(body.contains("DATABASE_UNAVAILABLE") && body.hasPrefix("UNAVAILABLE"), "\(body)")
        }
        #expect(durations.sorted()[3] < .seconds(1), "most requests fail fast: \(durations)")
        // The database stays down for the whole loop, so a request that waited for it would never return. The bound
        // is connect_timeout (5 s) plus the pool's wait (2 s) plus room for a starved machine in the suite's busy
        // first minute (one run saw more than 12 s).
        #expect(durations.allSatisfy { $0 < .seconds(30) }, "none hangs: \(durations)")
        #expect(await service.isReady() == false)

        hold.release()
        _ = try await ProjectDatabase.blocking { try server.start() }
        let recovered = try await Self.answer(within: .seconds(120), from: service)
        #expect(recovered == Self.answer, "the same service answers again once the database is back: \(recovered)")
        #expect(await service.isReady())
    }

    @Test("a database that stops answering (SIGSTOP) does not hang requests: they end after the time limit, then fail fast")
    func hungDatabase() async throws {
        let server = try await privateServer()
        defer { try? server.stop() }
        let configuration = try await ProjectDatabase.blocking { try server.start() }
        try await ProjectDatabase.blocking { try Self.migrate(configuration) }
        let service = try await Self.service(configuration, timeout: .milliseconds(500))
        defer { Task { await service.pool.shutdown() } }
        // Find the postmaster: stopping it and its backends freezes the whole server.
        let pidLine = try String(contentsOfFile: server.dataDirectory + "/postmaster.pid", encoding: .utf8)
        let postmaster = try #require(pidLine.split(separator: "\n").first.flatMap { Int32($0) })
        let fresh = try await Self.answer(within: .seconds(120), from: service)
        #expect(fresh == Self.answer, "the fresh server answers: \(fresh)")
        let backends = try await service.pool.query("SELECT string_agg(pid::text, ',') FROM pg_stat_activity WHERE backend_type = 'client backend'")
        let pids = [postmaster] + (backends.scalar ?? "").split(separator: ",").compactMap { Int32($0) }
        for pid in pids { kill(pid, SIGSTOP) }
        defer { for pid in pids { kill(pid, SIGCONT) } }

        let started = ContinuousClock.now
        let body = await service.run(Self.query)
        let elapsed = ContinuousClock.now - started
        #expect(body.contains("QUERY_TIMEOUT"), "\(body)")
        // 0.5 s limit + 2 s grace; generous, as the suite shares two cores with every other test.
        #expect(elapsed < .seconds(10), "ended after the limit and the grace, not when the server woke up (\(elapsed))")
        let next = ContinuousClock.now
        let fast = await service.run(Self.query)
        #expect(fast.contains("DATABASE_UNAVAILABLE") || fast.contains("DATABASE_BUSY") || fast.contains("QUERY_TIMEOUT"), "\(fast)")
        #expect(ContinuousClock.now - next < .seconds(10))

        for pid in pids { kill(pid, SIGCONT) }
        var recovered = false
        for _ in 0..<50 where !recovered {
            recovered = await service.run(Self.query) == Self.answer
            if !recovered { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(recovered)
    }
}

/// Read replicas (issue 6 §4): queries take turns between the primary and the replicas; a replica that cannot
/// be reached hands its turn to the primary.
@Suite("Read replicas")
struct ReadReplicaTests {
    @Test("queries are spread over primary and replicas; an unreachable replica costs no answers")
    func spreadAndFallBack() async throws {
        let database = try await ServiceFixture.shared.seededDatabase()
        let primary = ConnectionPool(configuration: database, options: .init(size: 1, sessionSettings: QueryService.sessionSettings), logger: TestLogging.logger)
        let replica = ConnectionPool(configuration: database, options: .init(size: 1, sessionSettings: QueryService.sessionSettings), logger: TestLogging.logger)
        let dead = ConnectionPool(configuration: try PostgresConfiguration("host=127.0.0.1 port=1 dbname=x connect_timeout=2"),
                                  options: .init(size: 1, sessionSettings: QueryService.sessionSettings), logger: TestLogging.logger)
        defer { Task { await primary.shutdown(); await replica.shutdown(); await dead.shutdown() } }
        let source = try String(contentsOf: Repository.url("schema/schema.graphql"), encoding: .utf8)
        let service = try await ProjectDatabase.settingUp {
            try QueryService(schemas: .single(source), catalog: .qunji, pool: primary, logger: TestLogging.logger,
                             replicas: [replica, dead])
        }
        await service.refreshTableRows()  // the cost model's row counts, on the primary, before the queries counted
        let (p0, r0) = (await primary.checkoutCount, await replica.checkoutCount)
        for index in 0..<9 {
            let body = await service.run("{ a\(index): prefectures { totalCount } }")
            #expect(body == #"{"data":{"a\#(index)" : {"totalCount" : 9}}}"#, "\(body)")
        }
        let primaryUsed = await primary.checkoutCount - p0
        let replicaUsed = await replica.checkoutCount - r0
        #expect(replicaUsed == 3, "a third of the queries on the live replica")
        #expect(primaryUsed == 6, "its own third and the dead replica's third on the primary")
    }
}

/// A TCP port on 127.0.0.1 bound but not listening: connections to it are refused at once, and no other process can
/// listen there until `release()`.
final class PortHold: @unchecked Sendable {
    private var descriptor: Int32

    init?(port: Int) {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        var yes: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            close(descriptor)
            return nil
        }
    }

    func release() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
