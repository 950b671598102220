import CLibPQ
import Foundation
import Logging

/// A connection of its own that `LISTEN`s on one channel and reports each notification as it arrives: how the
/// server learns that a write committed (issue 18 §2), from whichever client wrote.
///
/// It runs on one dedicated thread that sleeps in `poll` on the connection's socket, so a notification is handled as
/// soon as the kernel has it, and no request's thread ever waits for it. A lost connection is reported (`.lost`)
/// and retried with a growing pause; `.listening` is reported each time `LISTEN` is in force again. Whoever relies
/// on the notifications must assume it missed some between `.lost` and the next `.listening`.
///
/// A silent connection is checked every `keepAlive` with `SELECT 1`, so a server that went away without closing
/// the socket is noticed too.
public final class NotificationListener: @unchecked Sendable {
    public enum Event: Sendable, Equatable {
        /// `LISTEN` is in force (first time, or again after a loss).
        case listening
        /// A notification on the channel: its payload.
        case notification(String)
        /// The connection broke or could not be opened; notifications may be missed until `.listening`.
        case lost(String)
    }

    private let configuration: PostgresConfiguration
    private let channel: String
    private let logger: Logger
    private let keepAlive: Duration
    private let onEvent: @Sendable (Event) -> Void
    private let prepare: @Sendable (PostgresConnection) throws -> Void
    private let lock = NSLock()
    private var stopping = false
    private var thread: Thread?
    private let finished = DispatchSemaphore(value: 0)

    /// - Parameter channel: a plain identifier (letters, digits, underscores); it is written into `LISTEN`.
    /// - Parameter prepare: runs on each new connection once `LISTEN` is in force, before `.listening` is reported
    ///   (to read what the notifications are interpreted with); an error counts as a lost connection.
    public init(configuration: PostgresConfiguration, channel: String, logger: Logger, keepAlive: Duration = .seconds(10),
                prepare: @escaping @Sendable (PostgresConnection) throws -> Void = { _ in },
                onEvent: @escaping @Sendable (Event) -> Void) {
        precondition(channel.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }, "channel must be an identifier")
        // Named, so that an operator (or a test) can find its session in pg_stat_activity; a connection attempt gives
        // up after 5 s, and TCP keep-alives notice a server that vanished without closing the socket within about
        // 25 s, even between the listener's own checks.
        self.configuration = configuration.withDefault("application_name", "qunji_listener")
            .withDefault("connect_timeout", "5").withDefault("keepalives_idle", "10")
            .withDefault("keepalives_interval", "5").withDefault("keepalives_count", "3")
        self.channel = channel
        self.logger = logger
        self.keepAlive = keepAlive
        self.onEvent = onEvent
        self.prepare = prepare
    }

    /// Starts the thread; idempotent.
    public func start() {
        lock.lock()
        defer { lock.unlock() }
        guard thread == nil, !stopping else { return }
        let thread = Thread { [self] in
            self.run()
            self.finished.signal()
        }
        thread.name = "qunji-listen-\(channel)"
        self.thread = thread
        thread.start()
    }

    /// Stops listening and waits (at most about a quarter of a second) for the thread to end.
    public func stop() {
        lock.lock()
        stopping = true
        let started = thread != nil
        lock.unlock()
        if started { _ = finished.wait(timeout: .now() + 2) }
    }

    private var isStopping: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopping
    }

    private func run() {
        var pause = Duration.milliseconds(100)
        while !isStopping {
            do {
                let connection = try PostgresConnection.connect(configuration, logger: logger)
                try connection.execute("LISTEN \(channel)")
                try prepare(connection)
                pause = .milliseconds(100)
                onEvent(.listening)
                let reason = listen(on: connection)
                connection.close()
                if isStopping { return }
                onEvent(.lost(reason))
            } catch {
                if isStopping { return }
                onEvent(.lost("\(error)"))
            }
            // Wait before reconnecting, in short naps so that stop() is not kept waiting.
            let until = ContinuousClock.now + pause
            while !isStopping, ContinuousClock.now < until { Thread.sleep(forTimeInterval: 0.05) }
            pause = min(pause * 2, .seconds(5))
        }
    }

    /// Reads notifications until the connection breaks or `stop()` is called; returns why it ended.
    private func listen(on connection: PostgresConnection) -> String {
        var lastHeard = ContinuousClock.now
        while !isStopping {
            guard let handle = connection.handle else { return "connection closed" }
            let socket = PQsocket(handle)
            guard socket >= 0 else { return "no socket" }
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 250)
            if ready > 0 {
                guard PQconsumeInput(handle) == 1 else { return PostgresConnection.errorMessage(handle) }
                lastHeard = ContinuousClock.now
                deliverNotifications(handle)
                guard PQstatus(handle) == CONNECTION_OK else { return PostgresConnection.errorMessage(handle) }
            } else if ready < 0, errno != EINTR {
                return "poll failed: errno \(errno)"
            } else if ContinuousClock.now - lastHeard > keepAlive {
                do {
                    // Notifications that arrive with the answer are kept by libpq and read on the next round.
                    _ = try connection.query("SELECT 1")
                    lastHeard = ContinuousClock.now
                    deliverNotifications(handle)
                } catch {
                    return "\(error)"
                }
            }
        }
        return "stopped"
    }

    /// Reports every notification libpq has read and not yet handed out.
    private func deliverNotifications(_ handle: OpaquePointer) {
        while let notice = PQnotifies(handle) {
            let payload = String(cString: notice.pointee.extra)
            PQfreemem(notice)
            onEvent(.notification(payload))
        }
    }
}
