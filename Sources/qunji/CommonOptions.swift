import ArgumentParser
import Foundation
import Logging
import Postgres

/// Where the database is: `--database-url`, else `DATABASE_URL`, else libpq's own `PG*` variables when any names a
/// server, else the demo database of `qunji serve --demo` (`DemoDatabase`).
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database-url"),
            help: "postgresql:// URL or key=value conninfo (default: $DATABASE_URL, then the PG* variables, then the demo database of `qunji serve --demo` in .qunji/db, started for the command if it is stopped).")
    var databaseURL: String?

    /// The variables by which libpq names a server without a URL.
    static let serverVariables = ["PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGSERVICE"]

    /// The database named by the option or the environment, or nil when neither names one.
    func namedConfiguration(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> PostgresConfiguration? {
        if let databaseURL, !databaseURL.isEmpty {
            return try PostgresConfiguration(databaseURL)
        }
        if let url = environment["DATABASE_URL"], !url.isEmpty {
            return try PostgresConfiguration(url)
        }
        if Self.serverVariables.contains(where: { !(environment[$0] ?? "").isEmpty }) {
            return try PostgresConfiguration("")
        }
        return nil
    }

    /// The database to work on: the one named, else the demo database. Close it when done.
    func open(logger: Logger) throws -> DatabaseTarget {
        if let named = try namedConfiguration() { return DatabaseTarget(configuration: named) }
        return try DemoDatabase.open(logger: logger)
    }

    /// Runs `body` on a connection to the database to work on, then closes both.
    func withConnection<T>(logger: Logger, _ body: (PostgresConnection) throws -> T) throws -> T {
        let target = try open(logger: logger)
        defer { target.close() }
        let connection = try PostgresConnection.connect(target.configuration, logger: logger)
        defer { connection.close() }
        return try body(connection)
    }
}

/// Where the SQL files are and how chatty the logs are.
struct ToolOptions: ParsableArguments {
    @Option(name: .customLong("sql-dir"), help: "The project's sql/ folder (default: $QUNJI_SQL_DIR, then found above the current folder).")
    var sqlDirectory: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    /// Sets up swift-log once per process and returns the command's logger.
    func logger(_ label: String) -> Logger {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingBootstrap.once(level: level)
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }
}

/// Bootstraps swift-log exactly once: it traps if bootstrapped twice.
enum LoggingBootstrap {
    nonisolated(unsafe) private static var done = false
    private static let lock = NSLock()

    static func once(level: Logger.Level) {
        lock.lock()
        defer { lock.unlock() }
        guard !done else { return }
        done = true
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
