import Logging

/// Hands out `PostgresConnection`s to async code.
///
/// Two ways to use a connection:
/// - **Statements** (`query`, `queryPrepared`, the request path): libpq in non-blocking mode, driven by the pool's
///   ``SocketReactor`` (issue 18 §1). The statement is sent from the caller's task and its answer read on the reactor's
///   thread, which resumes the caller directly: no thread waits on the database, and a request costs two thread
///   hand-offs (the kernel waking the reactor, the reactor waking the task) instead of four. New connections are opened
///   the same way (`PQconnectPoll`).
/// - **Blocking bodies** (`withConnection`, for administration: migrations, COPY, transactions, the CLI) run on
///   threads of their own, started on first use, so a server that only answers queries never starts them.
///
/// - Connections are opened lazily, at most `Options.size` at once.
/// - Callers that find every connection busy wait in a FIFO queue; a waiter that gets nothing within
///   `Options.acquireTimeout` fails with `.poolTimeout` (and a cancelled waiter with `CancellationError`).
/// - A connection is checked before it is handed out (`checkAlive()`), and closed instead of being
///   returned when it is unhealthy after use or the body threw a connection error (class `08`,
///   `57P01`...`57P03`, `.connectionLost`). So the pool recovers on its own after the server restarts
///   or kills a backend: the next call opens a fresh connection.
/// - A connection given back inside a transaction is rolled back first.
///
/// Call `shutdown()` before dropping the last reference: it fails waiters with `.poolClosed`, closes
/// idle connections and stops the threads.
public actor ConnectionPool {
    /// Where the connections go.
    public nonisolated let configuration: PostgresConfiguration
    /// Size and timeout, with `size` at least 1.
    public nonisolated let options: Options

    nonisolated let logger: Logger
    /// Watches the sockets of connections with a statement in flight, and of connections being opened.
    nonisolated let reactor: SocketReactor
    private let threads: DatabaseThreadPool
    /// Statement and wait deadlines (one ticking task instead of a timer per deadline).
    nonisolated let watchdog = Watchdog()

    // Invariants (all on the actor):
    // - `open` counts idle connections, checked-out connections and slots being connected; `open <= options.size`.
    // - A waiter is queued only while `open == options.size` and `idle` is empty.
    // - Each waiter's continuation is resumed exactly once, by whoever removes it from `waiters`.
    private var idle: [PostgresConnection] = []
    private var open = 0
    private var waiters: [Waiter] = []
    private var nextWaiterID = 0
    private var isShutDown = false
    /// While set and in the future, requests that would need a new connection fail at once (`.unavailable`):
    /// the database refused or did not answer recently. Backs off from 100 ms to 2 s.
    private var unavailableUntil: ContinuousClock.Instant?
    /// When a pooled statement last came back with an answer (a result or a server error).
    private var lastAnswer: ContinuousClock.Instant?
    private var consecutiveFailures = 0
    private var lastFailure = ""

    private struct Waiter {
        let id: Int
        let continuation: CheckedContinuation<ConnectionLease, any Error>
        /// The wait limit, in the pool's watchdog.
        let timeout: Watchdog.Token
    }

    /// Creates the pool and starts its threads; no connection is opened until first use.
    public init(configuration: PostgresConfiguration, options: Options = .init(), logger: Logger) {
        var options = options
        options.size = max(1, options.size)
        // A server that accepts TCP but never answers must not hang a connection attempt forever.
        self.configuration = configuration.withDefault("connect_timeout", "5")
        self.options = options
        self.logger = logger
        self.threads = DatabaseThreadPool(numberOfThreads: options.size)
        self.reactor = SocketReactor(name: "qunji-postgres-reactor")
    }

    deinit {
        if !self.isShutDown {
            self.logger.warning("ConnectionPool deallocated without shutdown(); closing it now")
            for connection in self.idle {
                connection.close()
            }
            self.threads.shutdownInBackground()
            self.reactor.shutdown()
        }
    }

    /// Checks out a connection (opening one if there is a free slot), runs `body` with it on one of the
    /// pool's threads, and takes the connection back. For administration; statements go through `query` and
    /// `queryPrepared`, which block no thread.
    ///
    /// `body` may block; it must not keep the connection after it returns.
    ///
    /// - Throws: whatever `body` throws; `.connectionFailed` when a new connection cannot be opened;
    ///   `.poolTimeout` when none became free in time; `.poolClosed` after `shutdown()`.
    public func withConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        let lease = try await self.acquire()
        let run: PooledRun<T>
        do {
            run = try await self.threads.run { [configuration, logger, settings = options.sessionSettings] in
                Self.run(body, lease: lease, configuration: configuration, settings: settings, logger: logger)
            }
        } catch {
            // The body never ran: the task was cancelled while queued, or the threads are stopping.
            self.release(lease)
            if self.isShutDown {
                throw PostgresError.poolClosed
            }
            throw error
        }
        switch run {
        case .connectFailed(let error):
            self.connectFailed(error)
            throw error
        case .finished(let connection, let result):
            self.finish(keeping: connection)
            return try result.get()
        }
    }

    /// How long after its time limit a statement may still take to end once cancelled, before the caller
    /// stops waiting for a server that does not answer at all.
    static let unresponsiveGrace: Duration = .seconds(2)

    /// Fails all waiters with `.poolClosed`, closes idle connections, lets running bodies finish
    /// (their connections are closed as they come back) and stops the threads. Later calls throw
    /// `.poolClosed`. Calling it again does nothing.
    public func shutdown() async {
        guard !self.isShutDown else {
            return
        }
        self.isShutDown = true
        let waiting = self.waiters
        self.waiters.removeAll()
        for waiter in waiting {
            self.watchdog.remove(waiter.timeout)
            waiter.continuation.resume(throwing: PostgresError.poolClosed)
        }
        let idleConnections = self.idle
        self.idle.removeAll()
        self.open -= idleConnections.count
        // PQfinish on an idle connection only writes a Terminate message: nothing to wait for.
        for connection in idleConnections {
            connection.close()
        }
        await self.threads.shutdown()
        self.reactor.shutdown()
        self.logger.debug("connection pool shut down")
    }

    /// Whether a `withConnection` body ever ran, so that the blocking threads were started: statements never start them.
    nonisolated var blockingThreadsStarted: Bool {
        threads.isStarted
    }

    /// How many times a connection was checked out since the pool started: each checkout is one
    /// database conversation, so tests use it to prove an operation took exactly one round trip.
    public private(set) var checkoutCount = 0

    /// Counts at this moment.
    public var statistics: Statistics {
        Statistics(open: self.open, idle: self.idle.count, inUse: self.open - self.idle.count, waiting: self.waiters.count)
    }

    // MARK: - Checkout and return (on the actor)

    func acquire() async throws -> ConnectionLease {
        guard !self.isShutDown else {
            throw PostgresError.poolClosed
        }
        self.checkoutCount += 1
        if let connection = self.idle.popLast() {
            return .connection(connection)
        }
        if let until = self.unavailableUntil, ContinuousClock.now < until {
            throw PostgresError.unavailable(since: self.lastFailure)
        }
        if self.open < self.options.size {
            self.open += 1
            return .emptySlot
        }
        let id = self.nextWaiterID
        self.nextWaiterID += 1
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ConnectionLease, any Error>) in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                    return
                }
                let timeout = self.watchdog.add(alarms: [(ContinuousClock.now + self.options.acquireTimeout, { [weak self] in
                    Task { await self?.expireWaiter(id) }
                })])
                self.waiters.append(Waiter(id: id, continuation: continuation, timeout: timeout))
            }
        } onCancel: {
            Task {
                await self.cancelWaiter(id)
            }
        }
    }

    /// Reserves every free slot for `fill()` (none while the pool fails fast or has waiters, which take slots first).
    func reserveEmptySlots() -> Int {
        guard !self.isShutDown, self.waiters.isEmpty, !self.isFailingFast else { return 0 }
        let missing = self.options.size - self.open
        self.open += missing
        return missing
    }

    /// A statement and its cancel got no answer. If other statements were answered since it started, the
    /// server is busy (overloaded by expensive statements, or this process was slow to read), not hung:
    /// failing every request fast with "unavailable" would turn a busy server into an outage. Only a
    /// server that has answered nothing since is treated as down.
    func statementUnanswered(since start: ContinuousClock.Instant) {
        if let lastAnswer, lastAnswer > start {
            logger.warning("a statement outlived its time limit and its cancel while other statements were answered: the database is busy, not down")
            return
        }
        recordFailure("a statement got no answer within its time limit and the cancel")
    }

    /// A connection attempt failed, or a statement got no answer: fail fast for a while, longer each time.
    func recordFailure(_ description: String) {
        self.consecutiveFailures += 1
        let backoff = Duration.milliseconds(min(2000, 100 << min(self.consecutiveFailures - 1, 5)))
        self.unavailableUntil = ContinuousClock.now + backoff
        self.lastFailure = description
        // Idle connections to a server that is gone are useless; the next checkout reconnects.
        if self.consecutiveFailures == 1 {
            self.logger.warning("database unavailable; failing requests fast until it answers again", metadata: ["error": "\(description)"])
        }
    }

    private func recordSuccess() {
        self.lastAnswer = ContinuousClock.now
        if self.consecutiveFailures > 0 {
            self.logger.notice("database available again")
        }
        self.consecutiveFailures = 0
        self.unavailableUntil = nil
    }

    /// Whether the pool is failing fast because the database is unavailable.
    public var isFailingFast: Bool {
        guard let until = self.unavailableUntil else { return false }
        return ContinuousClock.now < until
    }

    private func expireWaiter(_ id: Int) {
        guard let index = self.waiters.firstIndex(where: { $0.id == id }) else {
            return
        }
        let waiter = self.waiters.remove(at: index)
        self.logger.warning("no database connection became free in time", metadata: [
            "timeout": "\(self.options.acquireTimeout.humanReadable)",
            "pool": "\(self.statistics)",
        ])
        waiter.continuation.resume(throwing: PostgresError.poolTimeout(waited: self.options.acquireTimeout, poolSize: self.options.size))
    }

    private func cancelWaiter(_ id: Int) {
        guard let index = self.waiters.firstIndex(where: { $0.id == id }) else {
            return
        }
        let waiter = self.waiters.remove(at: index)
        self.watchdog.remove(waiter.timeout)
        waiter.continuation.resume(throwing: CancellationError())
    }

    /// A connection could not be opened for a lease's empty slot: free the slot, fail fast for a while.
    func connectFailed(_ error: PostgresError) {
        self.freeSlot()
        self.recordFailure(error.description)
    }

    /// A checked-out connection comes back after use: `connection` when it may be reused (the database answered),
    /// nil when it was closed.
    func finish(keeping connection: PostgresConnection?) {
        if let connection {
            self.giveBack(connection)
            self.recordSuccess()
        } else {
            self.freeSlot()
        }
    }

    /// Hands `lease` on unchanged (the body did not run).
    private func release(_ lease: ConnectionLease) {
        switch lease {
        case .connection(let connection):
            self.giveBack(connection)
        case .emptySlot:
            self.freeSlot()
        }
    }

    /// A reusable connection comes back: to the first waiter, else to the idle list.
    private func giveBack(_ connection: PostgresConnection) {
        if self.isShutDown {
            connection.close()
            self.open -= 1
            return
        }
        if !self.waiters.isEmpty {
            let waiter = self.waiters.removeFirst()
            self.watchdog.remove(waiter.timeout)
            waiter.continuation.resume(returning: .connection(connection))
            return
        }
        self.idle.append(connection)
    }

    /// A slot was freed (connection closed or never opened): the first waiter may open one, else it is gone.
    private func freeSlot() {
        if !self.isShutDown, !self.waiters.isEmpty {
            let waiter = self.waiters.removeFirst()
            self.watchdog.remove(waiter.timeout)
            waiter.continuation.resume(returning: .emptySlot)
            return
        }
        self.open -= 1
    }

    // MARK: - On a database thread

    /// Gets a live connection for `lease`, runs `body`, and decides whether the connection can be reused.
    private static func run<T: Sendable>(
        _ body: @Sendable (PostgresConnection) throws -> T,
        lease: ConnectionLease,
        configuration: PostgresConfiguration,
        settings: [String: String],
        logger: Logger
    ) -> PooledRun<T> {
        var candidate: PostgresConnection?
        if case .connection(let existing) = lease {
            candidate = Self.alive(existing, logger: logger)
        }
        let connection: PostgresConnection
        if let candidate {
            connection = candidate
        } else {
            do throws(PostgresError) {
                connection = try PostgresConnection.connect(configuration, logger: logger)
            } catch {
                logger.error("could not open a database connection", metadata: ["error": "\(error)"])
                return .connectFailed(error)
            }
            do throws(PostgresError) {
                for (name, value) in Self.ordered(settings) {
                    _ = try connection.query(Self.settingStatement, [name, value])
                }
            } catch {
                logger.error("could not apply the session settings", metadata: ["error": "\(error)"])
                connection.close()
                return .connectFailed(error)
            }
        }
        let result = Result<T, any Error> { try body(connection) }
        let reusable = Self.prepareForReuse(connection, after: result, logger: logger)
        return .finished(connection: reusable ? connection : nil, result: result)
    }

    /// Sets one of `Options.sessionSettings` on a new connection (name and value as parameters).
    static let settingStatement = "SELECT set_config($1, $2, false)"

    /// The session settings in a fixed order, so that every connection is set up alike.
    static func ordered(_ settings: [String: String]) -> [(key: String, value: String)] {
        settings.sorted { $0.key < $1.key }
    }

    /// `connection` if it is still usable after sitting idle (``PostgresConnection/checkAlive()``), else nil, closed.
    static func alive(_ connection: PostgresConnection, logger: Logger) -> PostgresConnection? {
        if connection.checkAlive() { return connection }
        logger.notice("discarding a pooled connection that is no longer usable; reconnecting")
        connection.close()
        return nil
    }

    /// `true` if `connection` can go back to the pool; otherwise it has been closed.
    private static func prepareForReuse<T>(_ connection: PostgresConnection, after result: Result<T, any Error>, logger: Logger) -> Bool {
        if case .failure(let error) = result, let error = error as? PostgresError, error.isConnectionError {
            logger.notice("closing a database connection after a connection error", metadata: ["error": "\(error)"])
            connection.close()
            return false
        }
        guard connection.isHealthy else {
            logger.notice("closing a database connection that is no longer healthy")
            connection.close()
            return false
        }
        switch connection.transactionStatus {
        case .idle:
            return true
        case .inTransaction, .inFailedTransaction:
            logger.warning("a database connection came back inside a transaction; rolling it back")
            do throws(PostgresError) {
                try connection.execute("ROLLBACK")
            } catch {
                connection.close()
                return false
            }
            if connection.isHealthy, connection.transactionStatus == .idle {
                return true
            }
            connection.close()
            return false
        case .active, .unknown:
            connection.close()
            return false
        }
    }
}
