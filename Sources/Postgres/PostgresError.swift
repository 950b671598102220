#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Everything that can go wrong talking to PostgreSQL, each case with a message a person can act on.
///
/// - `server`: the server rejected a statement; it always carries a SQLSTATE. Errors that libpq itself
///   detects on a healthy connection (no SQLSTATE from the server) are reported here with
///   `SQLState.internalError` so that callers have one place to look.
/// - `connectionLost`: the connection broke (libpq reports a bad `PQstatus` and the server sent no
///   SQLSTATE). The connection must be discarded; `ConnectionPool` does that for you.
public enum PostgresError: Error, Sendable, CustomStringConvertible, LocalizedError {
    /// The connection string could not be parsed; the payload is libpq's explanation.
    case invalidConfiguration(String)
    /// `PQconnectdb` failed; the payload is libpq's message (e.g. "Connection refused ... Is the server running ...").
    case connectionFailed(message: String)
    /// An error reported by the server, with SQLSTATE and the other diagnostic fields.
    case server(ServerError)
    /// The connection broke while in use (or had already been closed).
    case connectionLost(message: String)
    /// No pooled connection became free within the pool's `acquireTimeout`.
    case poolTimeout(waited: Duration, poolSize: Int)
    /// The pool has been shut down.
    case poolClosed
    /// COPY could not be started or streamed (for errors in the data itself see `server`).
    case copyFailed(message: String)
    /// The database is unreachable: recent connection attempts failed (or a statement got no answer at all),
    /// so the pool fails requests at once for a short while instead of letting them queue.
    case unavailable(since: String)
    /// The statement was cancelled (`PQcancel`) before or while it ran: it took longer than its time
    /// limit, or the caller went away. The connection is still usable.
    case cancelled(StatementCancellation.Reason)
    /// Neither the statement nor its cancel got an answer by the deadline the caller gave: the server may be hung.
    /// The connection is given up (closed), the statement left to the server.
    case unanswered

    public var description: String {
        switch self {
        case .invalidConfiguration(let message):
            return "invalid PostgreSQL connection string: \(message)"
        case .connectionFailed(let message):
            return "could not connect to PostgreSQL: \(message)"
        case .server(let error):
            return error.description
        case .connectionLost(let message):
            return "lost the connection to PostgreSQL: \(message)"
        case .poolTimeout(let waited, let poolSize):
            return "no database connection became free within \(waited.humanReadable) (pool of \(poolSize))"
        case .poolClosed:
            return "the database connection pool has been shut down"
        case .copyFailed(let message):
            return "COPY failed: \(message)"
        case .unavailable(let since):
            return "the database is unavailable: \(since)"
        case .cancelled(.timeout(let limit)):
            return "the statement was cancelled after running longer than \(limit.humanReadable)"
        case .cancelled(.callerGone):
            return "the statement was cancelled because its caller went away"
        case .unanswered:
            return "neither the statement nor its cancel got an answer in time; the server may be hung"
        }
    }

    public var errorDescription: String? {
        self.description
    }

    /// The SQLSTATE of a `.server` error, `nil` for every other case.
    public var sqlState: SQLState? {
        if case .server(let error) = self {
            return error.sqlState
        }
        return nil
    }

    /// `true` when the connection that produced this error must not be reused:
    /// `.connectionLost`, or a server error of class `08` or `57P01`...`57P03`.
    public var isConnectionError: Bool {
        switch self {
        case .connectionLost, .connectionFailed, .unavailable:
            return true
        case .server(let error):
            return error.sqlState.isConnectionError
        default:
            return false
        }
    }
}

extension Duration {
    /// `5s`, `1.5s`, `200ms`: short enough for an error message.
    var humanReadable: String {
        let (seconds, attoseconds) = self.components
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        if milliseconds % 1000 == 0 {
            return "\(milliseconds / 1000)s"
        }
        if milliseconds < 1000 {
            return "\(milliseconds)ms"
        }
        return "\(Double(milliseconds) / 1000)s"
    }
}
