import Foundation
import Planner

/// Whole answers of read operations, kept until the data they were read from changes (issue 18 §2): dashboards ask
/// the same questions again and again, and the answer changes only when a write commits or the day turns.
///
/// **Keys.** An answer is kept for the role, the region, the operation name, the query text and the variables, and,
/// when its statement reads the clock (`qunji_today()`), the day in Asia/Shanghai, the time zone `qunji_today()`
/// itself uses. Such answers expire at midnight there; the others live until a write or eviction.
///
/// **Invalidation.** Each answer carries the tables its statement reads (`TableDependencies`). A committed write
/// notifies its table (migration 0022); `tableChanged` drops every answer reading it at once. The notifications come
/// over a connection of their own (`NotificationListener`); while it is down (`listenerLost`) nothing is answered
/// from or stored in the cache, and everything is dropped, since writes may go unheard.
///
/// **No stale answer once the notification arrived.** A request takes a ticket before reading the database; its
/// answer is stored only if none of its tables changed, and the listener was not lost, since the ticket was taken.
/// An answer read before a write but finishing after its notification is therefore never stored.
///
/// Bounded in bytes (LRU); a budget of 0 turns the cache off.
public final class AnswerCache: @unchecked Sendable {
    /// What an answer is kept for.
    public struct Key: Hashable, Sendable {
        let role: Role
        let region: String?
        let operationName: String?
        let query: String
        /// The variables, written canonically (keys sorted).
        let variables: String
        /// The day, for answers that read the clock; nil for the others.
        var day: String?
    }

    struct Entry {
        let body: [UInt8]
        let tables: Set<String>
        let day: String?
    }

    /// Taken before the database is read; see `store`.
    public struct Ticket: Sendable {
        let change: UInt64
        let epoch: UInt64
        /// What statements read, as the database defined it when the listener (re)connected; nil while not listening.
        let dependencies: TableDependencies?
        /// Which reading of the definitions `dependencies` is (they are read again on each reconnect).
        let definitions: UInt64
        /// The day when the ticket was taken: an answer reading the clock is kept only if the day is still the same
        /// when it is stored, so one read just before midnight is never kept as the next day's.
        let day: String
    }

    /// Counts for `/metrics`.
    public struct Statistics: Sendable, Equatable {
        public var hits = 0
        public var misses = 0
        /// Answers dropped because a table they read changed, the listener was lost or the day turned.
        public var invalidations = 0
        /// Answers not stored because their tables changed while they were read.
        public var refusedStale = 0
        public var entries = 0
        public var bytes = 0
        public var budget = 0
        /// Whether notifications are being received (the cache answers only then).
        public var listening = false
    }

    public let budget: Int
    private let lock = NSLock()
    private var entries: ByteBoundedLRU<Key, Entry>
    /// Bumped by each table change; `lastChange[t]` is the value when `t` last changed.
    private var change: UInt64 = 0
    private var lastChange: [String: UInt64] = [:]
    /// Bumped each time the listener is lost: tickets from before cannot store.
    private var epoch: UInt64 = 0
    private var listening = false
    private var dependencies: TableDependencies?
    private var definitions: UInt64 = 0
    /// What each statement reads, worked out once per statement text (the text is the plan's own string, so the
    /// key costs no copy) rather than on every miss; emptied when the definitions are read again.
    private var uses: ByteBoundedLRU<String, TableDependencies.Uses>
    private var statistics = Statistics()
    private var dayOfLastPurge: String?
    private let today: @Sendable () -> String

    /// - Parameter today: the current day as `YYYY-MM-DD` in Asia/Shanghai (tests move it).
    public init(budget: Int, today: @escaping @Sendable () -> String = AnswerCache.todayInShanghai) {
        self.budget = max(0, budget)
        self.entries = ByteBoundedLRU(budget: max(1, budget))
        // An eighth of the budget, at most 1 MiB: an entry is a few hundred bytes (its table names).
        self.uses = ByteBoundedLRU(budget: max(1, min(budget / 8, 1 << 20)))
        self.today = today
    }

    public var isEnabled: Bool { budget > 0 }

    /// A request's variables as JSON with sorted keys (`{}` for none): two requests with the same values give the same
    /// text. nil when they cannot be encoded.
    static func canonicalVariables(_ request: QueryRequest) -> String? {
        guard let values = request.variables, !values.isEmpty else { return "{}" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(values)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The key of a request, or nil when its answer is never kept (it asks for the SQL it compiles to).
    public static func key(for request: QueryRequest) -> Key? {
        if case .bool(true)? = request.extensions?["explain"] { return nil }
        guard let variables = canonicalVariables(request) else { return nil }
        return Key(role: request.principal.role, region: request.principal.region, operationName: request.operationName,
                   query: request.query, variables: variables, day: nil)
    }

    /// The kept answer for `key`, if any (counted as a hit or a miss).
    public func answer(for key: Key) -> [UInt8]? {
        guard isEnabled else { return nil }
        let day = today()
        lock.lock()
        defer { lock.unlock() }
        purgeEarlierDays(day)
        guard listening else {
            statistics.misses += 1
            return nil
        }
        var dayKey = key
        dayKey.day = day
        guard let entry = entries.value(for: key) ?? entries.value(for: dayKey) else {
            statistics.misses += 1
            return nil
        }
        statistics.hits += 1
        return entry.body
    }

    /// Taken before reading the database for an answer that may be stored.
    public func ticket() -> Ticket {
        let day = today()
        lock.lock()
        defer { lock.unlock() }
        return Ticket(change: change, epoch: epoch, dependencies: listening ? dependencies : nil, definitions: definitions, day: day)
    }

    /// Keeps `body`, the answer `sql` gave, for `key`, unless a table `sql` reads changed (or the listener was lost)
    /// since `ticket`.
    public func store(_ body: [UInt8], for key: Key, sql: String, ticket: Ticket) {
        guard isEnabled, let dependencies = ticket.dependencies else { return }
        let uses = self.uses(of: sql, dependencies, definitions: ticket.definitions)
        if uses.readsClock, today() != ticket.day { return }
        let day = uses.readsClock ? ticket.day : nil
        var key = key
        key.day = day
        let cost = body.count + key.query.utf8.count + key.variables.utf8.count + (key.operationName?.utf8.count ?? 0)
            + uses.tables.reduce(0) { $0 + $1.utf8.count + 32 } + 256
        lock.lock()
        defer { lock.unlock() }
        guard listening, ticket.epoch == epoch else { return }
        guard uses.tables.allSatisfy({ (lastChange[$0] ?? 0) <= ticket.change }) else {
            statistics.refusedStale += 1
            return
        }
        entries.insert(Entry(body: body, tables: uses.tables, day: day), for: key, cost: cost)
    }

    /// What `sql` reads, from the memo when the same definitions worked it out before.
    private func uses(of sql: String, _ dependencies: TableDependencies, definitions: UInt64) -> TableDependencies.Uses {
        lock.lock()
        let known = self.definitions == definitions ? self.uses.value(for: sql) : nil
        lock.unlock()
        if let known { return known }
        let uses = dependencies.uses(of: sql)
        lock.lock()
        if self.definitions == definitions {
            self.uses.insert(uses, for: sql, cost: 64 + uses.tables.reduce(0) { $0 + $1.utf8.count + 32 })
        }
        lock.unlock()
        return uses
    }

    /// What `sql` reads, when the listener is running (nil: unknown, so any change may concern it): live queries run
    /// again only for a change to one of these tables.
    public func uses(of sql: String) -> TableDependencies.Uses? {
        lock.lock()
        let (dependencies, definitions, listening) = (self.dependencies, self.definitions, self.listening)
        lock.unlock()
        guard listening, let dependencies else { return nil }
        return uses(of: sql, dependencies, definitions: definitions)
    }

    /// A write to `table` committed: drops every answer reading it.
    public func tableChanged(_ table: String) {
        lock.lock()
        defer { lock.unlock() }
        change += 1
        lastChange[table] = change
        statistics.invalidations += entries.removeAll { _, entry in entry.tables.contains(table) }
    }

    /// The notifications are flowing (again); `dependencies` are the database's definitions as they are now.
    public func listenerStarted(dependencies: TableDependencies) {
        lock.lock()
        defer { lock.unlock() }
        self.dependencies = dependencies
        definitions += 1
        uses.removeAll { _, _ in true }
        listening = true
    }

    /// The notifications stopped: writes may go unheard, so nothing kept can be trusted.
    public func listenerLost() {
        lock.lock()
        defer { lock.unlock() }
        listening = false
        epoch += 1
        statistics.invalidations += entries.removeAll { _, _ in true }
    }

    /// The kept answers: their query texts and the tables each reads (for tests).
    func kept() -> [(query: String, day: String?, tables: Set<String>)] {
        lock.lock()
        defer { lock.unlock() }
        return entries.entries.map { ($0.key.query, $0.value.day, $0.value.tables) }
    }

    /// Drops the answers of earlier days, once per day (under the lock).
    private func purgeEarlierDays(_ day: String) {
        guard dayOfLastPurge != day else { return }
        dayOfLastPurge = day
        statistics.invalidations += entries.removeAll { _, entry in entry.day.map { $0 != day } ?? false }
    }

    public var currentStatistics: Statistics {
        lock.lock()
        defer { lock.unlock() }
        var snapshot = statistics
        snapshot.entries = entries.count
        snapshot.bytes = entries.bytes
        snapshot.budget = budget
        snapshot.listening = listening
        return snapshot
    }

    /// Today in Asia/Shanghai, as `qunji_today()` counts days (without the `qunji.today` setting). Worked out once a
    /// day: every lookup asks, and a calendar computation per request would cost more than the lookup.
    @Sendable public static func todayInShanghai() -> String {
        ShanghaiDay.shared.today()
    }
}
