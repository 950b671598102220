import CLibPQ
import Foundation

/// Cancels one statement on the server from another thread: the pool arms it with the connection's
/// `PGcancel` while the statement runs, and a timer or a task cancellation fires it.
///
/// `PQcancel` asks the postmaster, on a separate connection, to interrupt the backend, so the server stops
/// working too (the statement fails with SQLSTATE 57014) and the connection stays usable. Firing before
/// the statement starts makes it fail without being sent; firing after it finished does nothing.
///
/// A cancel that reaches the backend between two protocol messages (after Parse, before Execute) is
/// ignored by PostgreSQL, which only cancels a running command; so while the statement is still armed
/// after firing, ``resend()`` repeats the request (the pool's watchdog does, every tick).
///
/// A cancel request names the backend, not the statement, and travels on its own connection: one sent just as
/// the statement finished can arrive while the session's *next* statement runs, and cancel that instead (seen
/// under load as a stray "canceling statement due to user request"). So a session for which a cancel was sent
/// is never reused: ``disarm()`` marks the connection, and the pool closes it. Cancels are rare (time limits,
/// clients that leave), reconnecting costs a few milliseconds, and no later statement can be hit.
///
/// - Important: `@unchecked Sendable` because its state is guarded by `lock`.
public final class StatementCancellation: @unchecked Sendable {
    public enum Reason: Sendable, Equatable {
        /// It ran longer than its limit.
        case timeout(Duration)
        /// The task waiting for it was cancelled (e.g. the HTTP client disconnected).
        case callerGone
    }

    private let lock = NSLock()
    private var handle: CancelHandle?
    private var firedReason: Reason?
    private var connection: PostgresConnection?
    /// Whether a cancel request went out for the armed statement.
    private var sent = false

    public init() {}

    /// Why it fired, or nil.
    public var reason: Reason? {
        lock.withLock { firedReason }
    }

    /// Whether a statement is running with this cancellation armed.
    public var isArmed: Bool {
        lock.withLock { handle != nil }
    }

    /// Called on the database thread just before the statement is sent. Throws if it already fired.
    func arm(_ connection: PostgresConnection) throws(PostgresError) {
        let cancel = connection.handle.flatMap { PQgetCancel($0) }.map(CancelHandle.init)
        let fired: Reason? = lock.withLock {
            if let firedReason { return firedReason }
            handle = cancel
            self.connection = connection
            return nil
        }
        if let fired { throw .cancelled(fired) }
    }

    /// Called on the database thread when the statement has finished.
    func disarm() {
        let cancelled: PostgresConnection? = lock.withLock {
            handle = nil
            defer { connection = nil }
            return sent ? connection : nil
        }
        // On the database thread that owns the connection, so setting the flag races with nothing.
        cancelled?.mustNotBeReused = true
    }


    /// Cancels the statement if it is running; remembers `reason` either way. The first reason wins.
    public func fire(_ reason: Reason) {
        let target: CancelHandle? = lock.withLock {
            guard firedReason == nil else { return nil }
            firedReason = reason
            if handle != nil { sent = true }
            return handle
        }
        target?.send()
    }

    /// Sends the cancel request again if it has fired and the statement is still running.
    public func resend() {
        let target: CancelHandle? = lock.withLock {
            guard firedReason != nil, let handle else { return nil }
            sent = true
            return handle
        }
        target?.send()
    }
}

/// A `PGcancel`, freed when the last reference goes: a cancel being sent keeps it alive even after the
/// statement finished and disarmed. `PQcancel` opens a connection to the server and may block (a hung
/// server), so it runs on a thread of its own: never on a Swift concurrency thread, nor on a libdispatch
/// worker (on Linux the concurrency executor shares those), nor while holding a lock. Cancels are rare.
private final class CancelHandle: @unchecked Sendable {
    private let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        PQfreeCancel(pointer)
    }

    func send() {
        let thread = Thread {
            var message = [CChar](repeating: 0, count: 256)
            _ = PQcancel(self.pointer, &message, Int32(message.count))
        }
        thread.start()
    }
}
