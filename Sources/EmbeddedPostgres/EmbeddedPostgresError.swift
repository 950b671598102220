import Foundation

/// Everything that can go wrong while finding, creating, starting or stopping a private PostgreSQL server.
///
/// Each case carries what a person needs to fix the problem, and `description` turns it into a sentence,
/// because these errors usually end up printed by the CLI or a failing test rather than handled in code.
public enum EmbeddedPostgresError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// `initdb`/`pg_ctl` were not found; the payload is the full advice, including the package to install.
    case notInstalled(String)
    /// Something else already listens on this TCP port of 127.0.0.1.
    case portInUse(Int)
    /// No free TCP port could be reserved on 127.0.0.1 (the payload is the system's reason).
    case noFreePort(String)
    /// Running as root, but the unprivileged user that must own the cluster does not exist.
    case systemUserMissing(String)
    /// A folder could not be created, chowned or reached by the server's user.
    case fileSystem(String)
    /// A helper program could not be launched at all.
    case launchFailed(program: String, reason: String)
    /// `initdb` ran and failed; the payload is its output.
    case initdbFailed(String)
    /// `pg_ctl start` failed; `log` is the tail of the server log, which says why.
    case startFailed(String, log: String)
    /// `pg_ctl stop` failed.
    case stopFailed(String)
    /// The server runs but the application database could not be checked or created.
    case databaseSetupFailed(database: String, reason: String)

    public var description: String {
        switch self {
        case .notInstalled(let advice):
            return advice
        case .portInUse(let port):
            return "port \(port) on 127.0.0.1 is already in use; choose another with --port"
        case .noFreePort(let reason):
            return "could not find a free TCP port on 127.0.0.1: \(reason)"
        case .systemUserMissing(let name):
            return "running as root, but the system user '\(name)' that must own the PostgreSQL data folder does not exist; "
                + "create it (the postgresql package does) or run as a normal user"
        case .fileSystem(let message):
            return message
        case .launchFailed(let program, let reason):
            return "could not run \(program): \(reason)"
        case .initdbFailed(let output):
            return "initdb failed:\n\(output)"
        case .startFailed(let output, let log):
            let logPart = log.isEmpty ? "" : "\nLast lines of the server log:\n\(log)"
            return "PostgreSQL did not start: \(output)\(logPart)"
        case .stopFailed(let output):
            return "PostgreSQL did not stop: \(output)"
        case .databaseSetupFailed(let database, let reason):
            return "could not create the database \"\(database)\": \(reason)"
        }
    }

    public var errorDescription: String? { description }
}
