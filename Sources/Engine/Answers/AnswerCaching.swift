import Logging
import Postgres

/// The answer cache with what keeps it true: the listener that hears each committed write (channel
/// `qunji_changes`, migration 0022) and, read on the listener's connection each time it connects, the tables each
/// statement reads. A small component of its own, so that imports and mutations (issues 19 and 20) invalidate
/// through the same path: they only write, and the triggers notify.
public final class AnswerCaching: Sendable {
    public static let channel = "qunji_changes"

    public let cache: AnswerCache
    /// Every committed change, as it is heard, for live queries (``ChangeFeed``).
    public let changes = ChangeFeed()
    private let listener: NotificationListener

    /// The cache answers nothing until `start()`'s listener has `LISTEN` in force; a budget of 0 never starts it.
    public init(budget: Int, configuration: PostgresConfiguration, logger: Logger,
                today: @escaping @Sendable () -> String = AnswerCache.todayInShanghai) {
        let cache = AnswerCache(budget: budget, today: today)
        self.cache = cache
        let changes = self.changes
        self.listener = NotificationListener(
            configuration: configuration, channel: Self.channel, logger: logger,
            prepare: { connection in
                // Read after LISTEN: a migration committed in between is heard as a change, never missed.
                cache.listenerStarted(dependencies: TableDependencies(try connection.schemaDefinitions()))
            },
            onEvent: { event in
                switch event {
                case .listening:
                    logger.info("answer cache: listening for changes")
                    changes.publish(.unknown)  // what happened while not listening is unknown
                case .notification(let table):
                    cache.tableChanged(table)
                    changes.publish(.table(table))
                case .lost(let reason):
                    cache.listenerLost()
                    changes.publish(.unknown)
                    logger.warning("answer cache: change notifications lost; answering from the database until they are back",
                                   metadata: ["reason": "\(reason)"])
                }
            })
    }

    /// Starts listening on a connection of its own: when answers are kept, or live queries need the changes.
    public func start(forLiveQueries: Bool = false) {
        if cache.isEnabled || forLiveQueries { listener.start() }
    }

    /// Whether `LISTEN` is in force within `limit` (after `start`): until then nothing is kept and no live query hears a
    /// change, so a caller that needs them (a test, a warm-up) waits for it.
    public func listening(within limit: Duration) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while !cache.currentStatistics.listening {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(25))
        }
        return true
    }

    /// Stops listening (the cache then answers nothing more).
    public func stop() {
        listener.stop()
        cache.listenerLost()
    }
}
