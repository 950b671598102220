import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One thread that waits for the sockets of a pool's connections to become readable or writable, and calls
/// back when they do: the readiness loop that drives libpq in non-blocking mode (issue 18 §1).
///
/// Why a thread of its own rather than a thread per connection: a statement in flight costs no thread, the
/// request's task sleeps on a continuation, and the one wake-up per answer (the kernel waking this thread) replaces
/// the two of a blocking design (hand the call to a pool thread, wake the task when it returns). The callback runs
/// on this thread and does only libpq's non-blocking reads; copying the rows and everything after happens on the
/// request's own task.
///
/// Interest is one-shot: a callback fires at most once per `watch`, so a socket is never reported twice to a
/// reader that has not re-armed it. Linux uses epoll; other systems `poll(2)` over the watched sockets (a pool
/// has a few dozen at most).
///
/// - Important: `@unchecked Sendable` because its state is guarded by `lock`.
public final class SocketReactor: @unchecked Sendable {
    /// What a watch waits for.
    public enum Interest: Sendable {
        case readable
        /// Writable, or readable (an error or a message from the server while libpq still has output queued).
        case writable
    }

    /// Why a callback fired.
    public enum Event: Sendable {
        /// The socket is ready (or has an error or a hang-up, which the next libpq call reports).
        case ready
        /// The watch's deadline passed first.
        case timedOut
        /// The reactor is shutting down, or the kernel would not watch the socket (libpq closed it after an error):
        /// the next libpq call says what became of the connection.
        case closed
    }

    private struct Watch {
        let interest: Interest
        let deadline: ContinuousClock.Instant?
        let callback: @Sendable (Event) -> Void
    }

    private let lock = NSLock()
    private var watches: [Int32: Watch] = [:]
    private var stopped = false
    private let backend: ReadinessBackend
    private var thread: Thread?

    /// Starts the thread. `name` shows in debuggers and `top -H`.
    public init(name: String) {
        self.backend = ReadinessBackend()
        let thread = Thread { [self] in self.loop() }
        thread.name = name
        thread.stackSize = 256 * 1024
        self.thread = thread
        thread.start()
    }

    /// Calls `callback` once, on the reactor's thread, when `socket` is ready for `interest`, when `deadline`
    /// passes, or when the reactor shuts down. A socket has at most one watch at a time.
    ///
    /// The callback must not block: it runs libpq's non-blocking calls and resumes a continuation.
    public func watch(_ socket: Int32, for interest: Interest, until deadline: ContinuousClock.Instant? = nil,
                      _ callback: @escaping @Sendable (Event) -> Void) {
        let refused: Bool = lock.withLock {
            guard !stopped else { return true }
            watches[socket] = Watch(interest: interest, deadline: deadline, callback: callback)
            return false
        }
        if refused {
            callback(.closed)
            return
        }
        if !backend.arm(socket, interest) {
            if let watch = lock.withLock({ watches.removeValue(forKey: socket) }) { watch.callback(.closed) }
            return
        }
        if deadline != nil { backend.wake() }
    }

    /// Stops the thread; every pending watch is called back with `.closed`, and later watches at once.
    public func shutdown() {
        let pending: [Watch] = lock.withLock {
            guard !stopped else { return [] }
            stopped = true
            defer { watches.removeAll() }
            return Array(watches.values)
        }
        backend.wake()
        for watch in pending { watch.callback(.closed) }
    }

    private func loop() {
        while true {
            let (isStopped, timeout) = lock.withLock { () -> (Bool, Int32) in
                (stopped, Self.milliseconds(untilEarliestOf: watches.values.lazy.compactMap(\.deadline)))
            }
            if isStopped { break }
            let ready = backend.wait(timeoutMilliseconds: timeout, watching: lock.withLock { watches.mapValues(\.interest) })
            let now = ContinuousClock.now
            var fired: [(Watch, Event)] = []
            lock.withLock {
                for socket in ready {
                    if let watch = watches.removeValue(forKey: socket) { fired.append((watch, .ready)) }
                }
                for (socket, watch) in watches {
                    if let deadline = watch.deadline, deadline <= now {
                        watches[socket] = nil
                        fired.append((watch, .timedOut))
                    }
                }
            }
            for (watch, event) in fired { watch.callback(event) }
        }
        backend.close()
    }

    /// -1 (wait indefinitely) without deadlines, else the milliseconds to the earliest, rounded up.
    private static func milliseconds(untilEarliestOf deadlines: some Sequence<ContinuousClock.Instant>) -> Int32 {
        guard let earliest = deadlines.min() else { return -1 }
        let remaining = earliest - ContinuousClock.now
        guard remaining > .zero else { return 0 }
        let (seconds, attoseconds) = remaining.components
        return Int32(min(Int64(Int32.max), seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000))
    }
}
