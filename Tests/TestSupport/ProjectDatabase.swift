import Foundation
import Migrations
import Postgres
import SampleData

/// Fresh databases in the states the project's tests need: migrated, or migrated and seeded.
public enum ProjectDatabase {
    /// The project's migrations, read from the checkout's `sql/migrations`.
    public static func migrations() throws -> [Migration] {
        try SQLDirectory(url: Repository.url("sql")).migrations()
    }

    /// A new database with every migration applied.
    public static func migrated(_ label: String) async throws -> PostgresConfiguration {
        let configuration = try await TestDatabase.shared.freshDatabase(label)
        let migrations = try migrations()
        try await blocking {
            let connection = try PostgresConnection.connect(configuration, logger: TestLogging.logger)
            defer { connection.close() }
            try MigrationRunner(migrations: migrations, logger: TestLogging.logger).migrate(connection)
        }
        return configuration
    }

    /// A new migrated database loaded with sample data.
    public static func seeded(_ label: String, scale: Int = 1, seed: UInt64 = SampleDataGenerator.defaultSeed)
        async throws -> PostgresConfiguration
    {
        let configuration = try await migrated(label)
        try await blocking {
            let connection = try PostgresConnection.connect(configuration, logger: TestLogging.logger)
            defer { connection.close() }
            try SampleDataGenerator(scale: scale, seed: seed).load(into: connection, logger: TestLogging.logger)
        }
        return configuration
    }

    /// Runs `body` with a new connection on a thread that may block (libpq calls block), so the test's
    /// cooperative threads stay free.
    public static func withConnection<T: Sendable>(
        _ configuration: PostgresConfiguration, _ body: @escaping @Sendable (PostgresConnection) throws -> T
    ) async throws -> T {
        try await blocking {
            let connection = try PostgresConnection.connect(configuration, logger: TestLogging.logger)
            defer { connection.close() }
            return try body(connection)
        }
    }

    /// Waits (up to about 30 s) until a session of the database waits on a lock while running a statement whose text
    /// contains `fragment`; answers whether one did. For tests that hold a lock and need the other side blocked on it
    /// before they go on, without relying on timing.
    public static func sessionWaitsOnLock(_ configuration: PostgresConfiguration, runningTextContaining fragment: String)
        async throws -> Bool
    {
        for _ in 0..<600 {
            let waiting = try await withConnection(configuration) { connection in
                try connection.query("""
                    SELECT count(*) FROM pg_stat_activity
                    WHERE datname = current_database() AND wait_event_type = 'Lock' AND strpos(query, $1) > 0
                    """, [fragment]).scalar
            }
            if waiting == "1" { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    /// One serial queue for CPU-heavy set-up (building schemas and services): off Swift's cooperative threads,
    /// which the HTTP servers of other suites in this process need to answer, and one at a time, so a burst of
    /// set-ups in parallel tests does not take every core from the database and the servers either.
    private static let setUpQueue = DispatchQueue(label: "qunji.tests.set-up")

    /// Runs CPU-heavy set-up on the set-up queue, one at a time, and resumes with the result.
    public static func settingUp<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            setUpQueue.async { continuation.resume(with: Result { try body() }) }
        }
    }

    /// Runs blocking work on its own thread and resumes with the result.
    public static func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try body() })
            }
            thread.stackSize = 4 << 20
            thread.start()
        }
    }
}
