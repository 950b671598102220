import EmbeddedPostgres
import Foundation
import Logging
import Postgres

/// The PostgreSQL server the tests of one process share, and a fresh database per test on it.
///
/// With `QUNJI_TEST_DATABASE_URL` set, that server is used (CI, or a developer's own server). Otherwise one
/// private server is started lazily for the whole test process and stopped when it exits. Tests run in
/// parallel, so each asks `freshDatabase()` for its own database instead of sharing tables.
public actor TestDatabase {
    public static let shared = TestDatabase()

    /// The variable that points tests at an existing server instead of an embedded one.
    public static let urlVariable = "QUNJI_TEST_DATABASE_URL"

    /// Started once; every caller awaits the same start, including its failure (no retry storms).
    private var serverTask: Task<SharedServer, any Error>?
    private var counter = 0

    private struct SharedServer: Sendable {
        var maintenance: PostgresConfiguration
        var isExternal: Bool
    }

    /// How to reach the server's maintenance database (`postgres` for the embedded server; the URL's own
    /// database for an external one). Use it to create or inspect databases, not to hold test data.
    public func server() async throws -> PostgresConfiguration {
        try await sharedServer().maintenance
    }

    /// Creates an empty database named `t_<label>_<n>_<random>` and returns its configuration.
    ///
    /// Names are unique within the process (a counter) and across processes sharing an external server (a
    /// random suffix). Databases on an external server are dropped when the process exits; the embedded
    /// server's are deleted with its folder.
    public func freshDatabase(_ label: String = "t") async throws -> PostgresConfiguration {
        let shared = try await sharedServer()
        counter += 1
        let name = Self.databaseName(label: label, number: counter)
        let maintenance = shared.maintenance
        try await Self.offThreadPool {
            let connection = try PostgresConnection.connect(maintenance, logger: TestLogging.logger)
            defer { connection.close() }
            try connection.execute("CREATE DATABASE \"\(name)\"")
        }
        if shared.isExternal {
            ExitHooks.add {
                guard let connection = try? PostgresConnection.connect(maintenance, logger: TestLogging.logger) else { return }
                defer { connection.close() }
                try? connection.execute("DROP DATABASE IF EXISTS \"\(name)\" WITH (FORCE)")
            }
        }
        return maintenance.database(name)
    }

    private func sharedServer() async throws -> SharedServer {
        if let serverTask { return try await serverTask.value }
        let task = Task<SharedServer, any Error> {
            try await Self.offThreadPool { try Self.startSharedServer() }
        }
        serverTask = task
        return try await task.value
    }

    private static func startSharedServer() throws -> SharedServer {
        if let url = ProcessInfo.processInfo.environment[urlVariable], !url.isEmpty {
            return SharedServer(maintenance: try PostgresConfiguration(url), isExternal: true)
        }
        let server = EmbeddedPostgres(
            options: .init(
                dataDirectory: Scratch.newFolder("shared") + "/data",
                port: nil,
                database: "postgres",
                durable: false),
            installation: try PostgresInstallation.locate(),
            logger: TestLogging.logger)
        ExitHooks.add { try? server.stop() }
        return SharedServer(maintenance: try server.start(), isExternal: false)
    }

    /// `t_<label>_<n>_<8 hex>`, the label reduced to `[a-z0-9_]` and shortened so the name fits PostgreSQL's
    /// 63-byte identifier limit (longer names would be silently truncated and could collide).
    static func databaseName(label: String, number: Int) -> String {
        let cleaned = String(label.lowercased().unicodeScalars.map { scalar -> Character in
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) ? Character(scalar) : "_"
        }.prefix(30))
        let random = String(UInt32.random(in: .min ... .max), radix: 16)
        return "t_\(cleaned.isEmpty ? "t" : cleaned)_\(number)_\(random)"
    }

    /// Runs blocking libpq and `pg_ctl` work on a thread of its own, keeping the cooperative pool free.
    private static func offThreadPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await ProjectDatabase.blocking(body)
    }
}
