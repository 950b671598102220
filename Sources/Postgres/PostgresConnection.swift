import CLibPQ
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One libpq connection (`PGconn *`), its prepared-statement cache and its notice logger.
///
/// Threading: every method blocks the calling thread on network I/O, so call them from a thread meant
/// for blocking work (`ConnectionPool` runs them on its own `NIOThreadPool`), never from an event loop
/// or a Swift concurrency executor thread.
///
/// - Important: this class is `@unchecked Sendable` **only** because `ConnectionPool` guarantees that
///   one task at a time uses a connection. It has no locks; using one connection from two threads at
///   once is undefined behaviour (libpq's rule, too).
public final class PostgresConnection: @unchecked Sendable {
    /// `nil` once closed.
    var handle: OpaquePointer?
    let logger: Logger
    /// Keeps the notice processor's context alive for as long as `handle` lives.
    private let noticeSink: NoticeSink
    /// Prepared statement name -> SQL text, for the statements this session has prepared.
    var preparedStatements: [String: String] = [:]
    /// Set when a cancel request was sent for this session: the pool closes the connection instead of reusing it
    /// (see ``StatementCancellation``).
    var mustNotBeReused = false
    /// This session's `plan_cache_mode`, as last set by ``queryPrepared(_:_:plan:)`` (PostgreSQL's default at first).
    var planMode = PlanMode.automatic

    /// More prepared statements than this on one connection and the cache is reset with
    /// `DEALLOCATE ALL`, so that a stream of distinct ad-hoc queries cannot grow server memory forever.
    static let maximumPreparedStatements = 1024

    private init(handle: OpaquePointer, logger: Logger, noticeSink: NoticeSink) {
        self.handle = handle
        self.logger = logger
        self.noticeSink = noticeSink
    }

    deinit {
        if let handle = self.handle {
            PQfinish(handle)
        }
    }

    /// Opens a connection with `PQconnectdb` (blocking), sets `client_encoding` to UTF8 and routes
    /// server notices to `logger`.
    ///
    /// - Throws: `.connectionFailed` with libpq's message (refused, authentication, unknown database, ...).
    public static func connect(_ configuration: PostgresConfiguration, logger: Logger) throws(PostgresError) -> PostgresConnection {
        guard let handle = PQconnectdb(configuration.connectionString) else {
            throw .connectionFailed(message: "libpq could not allocate a connection (out of memory)")
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = Self.errorMessage(handle)
            PQfinish(handle)
            throw .connectionFailed(message: message)
        }
        guard PQsetClientEncoding(handle, "UTF8") == 0 else {
            let message = Self.errorMessage(handle)
            PQfinish(handle)
            throw .connectionFailed(message: "could not set client_encoding to UTF8: \(message)")
        }
        return opened(handle, logger: logger)
    }

    /// Wraps a handle that just connected: notices to `logger`, a debug line with the server and backend.
    static func opened(_ handle: OpaquePointer, logger: Logger) -> PostgresConnection {
        let sink = NoticeSink(logger: logger)
        sink.install(on: handle)
        let connection = PostgresConnection(handle: handle, logger: logger, noticeSink: sink)
        logger.debug("connected to PostgreSQL", metadata: [
            "server_version": "\(connection.serverVersion)",
            "backend_pid": "\(connection.backendPID)",
        ])
        return connection
    }

    /// `true` while the connection is open, `PQstatus` is `CONNECTION_OK` and the transaction state is
    /// known. It does not touch the network, so a connection that the server dropped while idle still
    /// looks healthy until it is used or `checkAlive()` is called.
    public var isHealthy: Bool {
        guard let handle = self.handle else {
            return false
        }
        return !mustNotBeReused && PQstatus(handle) == CONNECTION_OK && PQtransactionStatus(handle) != PQTRANS_UNKNOWN
    }

    /// Like `isHealthy`, but first reads whatever the server sent while the connection sat idle,
    /// without blocking (`poll` with a zero timeout, then `PQconsumeInput`). That notices a backend
    /// that was terminated or a server that restarted (a FATAL message, then end of file), so a pool
    /// can replace the connection before handing it out. Costs one `poll` when nothing arrived.
    public func checkAlive() -> Bool {
        guard let handle = self.handle else {
            return false
        }
        // A few rounds: the FATAL message and the end of file may need one read each.
        for _ in 0..<4 {
            guard PQstatus(handle) == CONNECTION_OK, PQtransactionStatus(handle) == PQTRANS_IDLE,
                  Self.hasPendingInput(handle), PQconsumeInput(handle) == 1 else {
                break
            }
        }
        return self.isHealthy
    }

    /// `true` if the socket has something to read (data or end of file) right now.
    private static func hasPendingInput(_ handle: OpaquePointer) -> Bool {
        let socket = PQsocket(handle)
        guard socket >= 0 else {
            return false
        }
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) > 0
    }

    /// Where the session is with respect to transactions (`PQtransactionStatus`).
    public var transactionStatus: TransactionStatus {
        guard let handle = self.handle else {
            return .unknown
        }
        switch PQtransactionStatus(handle) {
        case PQTRANS_IDLE: return .idle
        case PQTRANS_ACTIVE: return .active
        case PQTRANS_INTRANS: return .inTransaction
        case PQTRANS_INERROR: return .inFailedTransaction
        default: return .unknown
        }
    }

    /// The server version as an integer, e.g. `150018` for 15.18 (`PQserverVersion`); 0 when closed.
    public var serverVersion: Int {
        guard let handle = self.handle else {
            return 0
        }
        return Int(PQserverVersion(handle))
    }

    /// Process id of the server backend serving this connection (`PQbackendPID`); 0 when closed.
    public var backendPID: Int32 {
        guard let handle = self.handle else {
            return 0
        }
        return PQbackendPID(handle)
    }

    /// Closes the connection (`PQfinish`). Idempotent; also happens on deinit.
    public func close() {
        guard let handle = self.handle else {
            return
        }
        self.handle = nil
        self.preparedStatements.removeAll()
        PQfinish(handle)
    }

    /// The open handle in the mode a call needs, or `.connectionLost` if `close()` was called. Blocking calls (the
    /// administration methods) and non-blocking ones (the request path, `+Nonblocking`) may share a connection, one call
    /// at a time; `PQsetnonblocking` only flips a flag (and flushes nothing, as no command is in flight between calls).
    func openHandle(blocking: Bool = true) throws(PostgresError) -> OpaquePointer {
        guard let handle = self.handle else {
            throw .connectionLost(message: "the connection has been closed")
        }
        let wanted: Int32 = blocking ? 0 : 1
        if PQisnonblocking(handle) != wanted, PQsetnonblocking(handle, wanted) != 0 {
            throw self.error(from: nil)
        }
        return handle
    }

    static func errorMessage(_ handle: OpaquePointer) -> String {
        let message = PQerrorMessage(handle).map { String(cString: $0).trimmingTrailingWhitespace() } ?? ""
        return message.isEmpty ? "unknown libpq error" : message
    }
}

extension PostgresConnection {
    /// Transaction state of the session, from `PQtransactionStatus`.
    public enum TransactionStatus: Sendable, Hashable {
        /// Idle, not in a transaction block.
        case idle
        /// A command is in progress.
        case active
        /// Idle inside a transaction block (`BEGIN` without `COMMIT`).
        case inTransaction
        /// Idle inside a failed transaction block: only `ROLLBACK` will be accepted.
        case inFailedTransaction
        /// The connection is bad or closed.
        case unknown
    }
}
