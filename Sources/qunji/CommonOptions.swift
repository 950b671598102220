import ArgumentParser
import Foundation
import Logging
import Postgres

/// Where the database is: `--database-url`, else `DATABASE_URL`, else libpq's own `PG*` variables.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database-url"),
            help: "postgresql:// URL or key=value conninfo (default: $DATABASE_URL, then the PG* variables).")
    var databaseURL: String?

    func configuration() throws -> PostgresConfiguration {
        if let databaseURL, !databaseURL.isEmpty {
            return try PostgresConfiguration(databaseURL)
        }
        return try PostgresConfiguration.fromEnvironment()
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
