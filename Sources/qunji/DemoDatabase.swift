import EmbeddedPostgres
import Foundation
import Logging
import Postgres

/// The database a command uses when it is given none: the demo database that `qunji serve --demo` and
/// `qunji db start` keep in `.qunji/db` (or, as root, the `/var/lib/qunji/…` folder they fall back to).
///
/// A new user starts the demo server and then runs `qunji keys create …` or `qunji explain …` from the same checkout;
/// those commands should reach the same data without being told a URL. A running demo server is reused on its own
/// port; a stopped one is started for the command and stopped again after it, so nothing is left running that the
/// user did not start. Where no demo database exists the command fails with what to do, rather than with libpq's
/// complaint about a socket in /var/run.
struct DemoDatabase {
    /// The folder `serve --demo` and `db start` use when given no `--data-dir`.
    static var folder: String { EmbeddedPostgres.defaultDataDirectory(preferred: ".qunji/db") }

    /// The demo database, running for as long as the caller needs it.
    static func open(logger: Logger) throws -> DatabaseTarget {
        let folder = Self.folder
        guard FileManager.default.fileExists(atPath: folder + "/PG_VERSION") else {
            throw DemoDatabaseError.none(folder: folder)
        }
        let postgres = EmbeddedPostgres(options: .init(dataDirectory: folder), installation: try PostgresInstallation.locate(),
                                        logger: logger)
        let wasRunning = postgres.isRunning
        let configuration = try postgres.start()
        FileHandle.standardError.write(Data("using the demo database in \(folder) (\(postgres.url))\(wasRunning ? "" : ", started for this command")\n".utf8))
        return DatabaseTarget(configuration: configuration, startedHere: wasRunning ? nil : postgres)
    }
}

/// A database a command works on, and the demo server it started for that, if any.
final class DatabaseTarget {
    let configuration: PostgresConfiguration
    private let startedHere: EmbeddedPostgres?

    init(configuration: PostgresConfiguration, startedHere: EmbeddedPostgres? = nil) {
        self.configuration = configuration
        self.startedHere = startedHere
    }

    /// Stops the demo server if this command started it; a server the user started keeps running.
    func close() {
        try? startedHere?.stop()
    }
}

enum DemoDatabaseError: Error, CustomStringConvertible {
    case none(folder: String)

    var description: String {
        switch self {
        case .none(let folder):
            return "no database given, and there is no demo database in \(folder). Start one with `qunji serve --demo` "
                + "(the server with sample data) or `qunji db start`, from this folder; or name a database with "
                + "--database-url or DATABASE_URL (e.g. postgresql://qunji:PASSWORD@db.example:5432/qunji)."
        }
    }
}
