import Foundation

/// One clock for every deadline of a pool: statement time limits, the grace after them, connection-wait
/// limits, and the repeated cancels of a statement that was told to stop.
///
/// Why not a timer per deadline: a request used to start two sleeping tasks (its time limit and the grace
/// after it), and a waiter a third. Each is a task, a libdispatch timer armed and disarmed, and a wake-up of
/// the dispatch manager thread; profiling showed that bookkeeping at about a tenth of the server's CPU per
/// request, for deadlines that almost never fire. Here a deadline is one dictionary entry, and one thread wakes
/// every ``tick`` only while entries exist. Deadlines therefore fire up to one tick late, which is
/// immaterial for limits measured in seconds.
///
/// - Important: `@unchecked Sendable` because all state is guarded by `lock`; actions run outside it.
final class Watchdog: @unchecked Sendable {
    /// A registered entry, to cancel it or to ask for its cancel to be repeated.
    struct Token: Hashable, Sendable {
        fileprivate let id: UInt64
    }

    private struct Alarm {
        let at: ContinuousClock.Instant
        let action: @Sendable () -> Void
    }

    private struct Entry {
        /// Actions that run once each when their instant passes, in order.
        var alarms: [Alarm]
        /// Resent every tick once it has fired, while its statement runs (a cancel can land between protocol
        /// messages and be ignored). Stops after ``resendLimit``.
        var cancellation: StatementCancellation?
        var resendsLeft = Watchdog.resendLimit
    }

    let tick: Duration
    /// Cancels are repeated for at most this many ticks (30 s at the default tick).
    static let resendLimit = 300
    private let lock = NSLock()
    private var entries: [UInt64: Entry] = [:]
    private var nextID: UInt64 = 0
    private var running = false

    init(tick: Duration = .milliseconds(100)) {
        self.tick = tick
    }

    /// Registers deadlines (and a cancellation to repeat once fired); the entry lasts until ``remove(_:)``,
    /// or until every alarm has run and no cancel needs repeating.
    func add(alarms: [(at: ContinuousClock.Instant, action: @Sendable () -> Void)],
             repeating cancellation: StatementCancellation? = nil) -> Token {
        let sorted = alarms.sorted { $0.at < $1.at }.map { Alarm(at: $0.at, action: $0.action) }
        let (token, start): (Token, Bool) = lock.withLock {
            nextID += 1
            entries[nextID] = Entry(alarms: sorted, cancellation: cancellation)
            let start = !running
            running = true
            return (Token(id: nextID), start)
        }
        if start { startTicking() }
        return token
    }

    /// Forgets an entry: its alarms will not run.
    func remove(_ token: Token) {
        lock.withLock { _ = entries.removeValue(forKey: token.id) }
    }

    /// The ticking runs on a thread of its own, not on Swift's cooperative pool: a deadline must fire even when
    /// every cooperative thread is busy (that is when a time limit matters most). The thread ends when no entry
    /// is left, and the next ``add`` starts another.
    private func startTicking() {
        let microseconds = UInt32(clamping: tick.components.seconds * 1_000_000 + tick.components.attoseconds / 1_000_000_000_000)
        let thread = Thread { [self] in
            while true {
                usleep(microseconds)
                if !sweep(now: .now) { return }
            }
        }
        thread.name = "qunji-watchdog"
        thread.start()
    }

    /// Runs the alarms that are due and repeats fired cancels; returns false (and stops the ticking) when no
    /// entry is left.
    private func sweep(now: ContinuousClock.Instant) -> Bool {
        var due: [@Sendable () -> Void] = []
        var resend: [StatementCancellation] = []
        let keepGoing: Bool = lock.withLock {
            for (id, var entry) in entries {
                while let first = entry.alarms.first, first.at <= now {
                    due.append(first.action)
                    entry.alarms.removeFirst()
                }
                if let cancellation = entry.cancellation, cancellation.reason != nil, entry.resendsLeft > 0 {
                    resend.append(cancellation)
                    entry.resendsLeft -= 1
                }
                let cancelling = entry.cancellation.map { $0.reason == nil || entry.resendsLeft > 0 } ?? false
                if entry.alarms.isEmpty && !cancelling {
                    entries.removeValue(forKey: id)
                } else {
                    entries[id] = entry
                }
            }
            if entries.isEmpty { running = false }
            return running
        }
        for action in due { action() }
        for cancellation in resend { cancellation.resend() }
        return keepGoing
    }
}
