import Logging

/// Hands out `PostgresConnection`s to async code and runs their blocking calls on threads of its own.
///
/// - Connections are opened lazily, at most `Options.size` at once.
/// - Callers that find every connection busy wait in a FIFO queue; a waiter that gets nothing within
///   `Options.acquireTimeout` fails with `.poolTimeout` (and a cancelled waiter with `CancellationError`).
/// - A connection is checked before it is handed out (`checkAlive()`), and closed instead of being
///   returned when it is unhealthy after use or the body threw a connection error (class `08`,
///   `57P01`...`57P03`, `.connectionLost`). So the pool recovers on its own after the server restarts
///   or kills a backend: the next call opens a fresh connection.
/// - A connection given back inside a transaction is rolled back first.
/// - The blocking work runs on a `NIOThreadPool` with one thread per connection, so `size` queries
///   really run in parallel (`NIOThreadPool.singleton` has only one thread per core).
///
/// Call `shutdown()` before dropping the last reference: it fails waiters with `.poolClosed`, closes
/// idle connections and stops the threads.
public actor ConnectionPool {
    /// Where the connections go.
    public nonisolated let configuration: PostgresConfiguration
    /// Size and timeout, with `size` at least 1.
    public nonisolated let options: Options

    private let logger: Logger
    private let threads: DatabaseThreadPool
    /// Statement and wait deadlines (one ticking task instead of a timer per deadline).
    private nonisolated let watchdog = Watchdog()

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
    }

    deinit {
        if !self.isShutDown {
            self.logger.warning("ConnectionPool deallocated without shutdown(); closing it now")
            for connection in self.idle {
                connection.close()
            }
            self.threads.shutdownInBackground()
        }
    }

    /// Checks out a connection (opening one if there is a free slot), runs `body` with it on one of the
    /// pool's threads, and takes the connection back.
    ///
    /// `body` may block; it must not keep the connection after it returns.
    ///
    /// - Throws: whatever `body` throws; `.connectionFailed` when a new connection cannot be opened;
    ///   `.poolTimeout` when none became free in time; `.poolClosed` after `shutdown()`.
    public func withConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        try await self.withConnection(retryingStale: false, body)
    }

    /// `withConnection`, optionally running `body` once more on a new connection when a connection taken
    /// from the idle list turns out to have died unnoticed (a server restart or a terminated backend can
    /// race `checkAlive()`). Only for bodies that are safe to repeat, such as a single read.
    private func withConnection<T: Sendable>(
        retryingStale: Bool, _ body: @escaping @Sendable (PostgresConnection) throws -> T
    ) async throws -> T {
        let lease = try await self.acquire()
        let run: PooledRun<T>
        do {
            run = try await self.threads.run { [configuration, logger, settings = options.sessionSettings] in
                Self.run(body, lease: lease, retryingStale: retryingStale, configuration: configuration,
                         settings: settings, logger: logger)
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
            self.freeSlot()
            self.recordFailure(error.description)
            throw error
        case .finished(let connection, let result):
            if let connection {
                self.giveBack(connection)
                self.recordSuccess()
            } else {
                self.freeSlot()
            }
            return try result.get()
        }
    }

    /// `PostgresConnection.query` on a pooled connection: one statement, unnamed, text parameters.
    ///
    /// If the pooled connection had died while idle, the statement is sent once more on a new
    /// connection, so callers see no error after a database restart. Use it for reads and other
    /// statements that are safe to repeat; use `withConnection` for anything else.
    public func query(_ sql: String, _ parameters: [String?] = []) async throws -> PostgresRows {
        try await self.withConnection(retryingStale: true) { connection in
            try connection.query(sql, parameters)
        }
    }

    /// `PostgresConnection.queryPrepared` on a pooled connection: for statements run again and again
    /// (each connection prepares the SQL once). Retried on a new connection like `query`.
    public func queryPrepared(_ sql: String, _ parameters: [String?] = []) async throws -> PostgresRows {
        try await self.withConnection(retryingStale: true) { connection in
            try connection.queryPrepared(sql, parameters)
        }
    }

    /// `queryPrepared` with a time limit: the statement is cancelled on the server (`PQcancel`) when it
    /// runs longer than `timeout`, or when the calling task is cancelled, and then throws `.cancelled` with
    /// the reason. The limit counts from the call, so time spent waiting for a connection counts too.
    ///
    /// If even the cancel gets no answer within ``unresponsiveGrace`` (a hung server), the caller gets
    /// `.cancelled(.timeout)` anyway while the statement is left to end in the background, and the pool
    /// fails fast until the server answers again. Deadlines are kept by the pool's ``Watchdog``, to a tick.
    /// - Parameter genericPlan: plan the statement once without its values (`plan_cache_mode = force_generic_plan`),
    ///   else as PostgreSQL chooses (see `PostgresConnection.queryPrepared(_:_:genericPlan:)`).
    public func queryPrepared(_ sql: String, _ parameters: [String?], timeout: Duration?, genericPlan: Bool = false) async throws -> PostgresRows {
        let cancellation = StatementCancellation()
        let once = ResumeOnce<PostgresRows>()
        var alarms: [(at: ContinuousClock.Instant, action: @Sendable () -> Void)] = []
        if let timeout {
            let start = ContinuousClock.now
            alarms.append((start + timeout, { cancellation.fire(.timeout(timeout)) }))
            alarms.append((start + timeout + Self.unresponsiveGrace, { [weak self] in
                // Only a statement the server has and does not answer is given up: one that finished has its result
                // on its way, and one not sent yet (this process was too busy to start it) fails with the timeout
                // when it starts, as the cancellation has fired. Neither is a hung server.
                guard cancellation.isArmed else { return }
                // Not even the cancel got an answer: the server is hung. Fail fast until it answers.
                if once.resume(.failure(PostgresError.cancelled(.timeout(timeout)))) {
                    Task { await self?.statementUnanswered(since: start) }
                }
            }))
        }
        let watch = watchdog.add(alarms: alarms, repeating: cancellation)
        let work = Task { [watchdog] in
            do {
                let rows = try await self.withConnection(retryingStale: true) { connection in
                    try cancellation.arm(connection)
                    defer { cancellation.disarm() }
                    return try connection.queryPrepared(sql, parameters, genericPlan: genericPlan)
                }
                watchdog.remove(watch)
                once.resume(.success(rows))
            } catch {
                watchdog.remove(watch)
                once.resume(.failure(error))
            }
        }
        do {
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { once.set($0) }
            } onCancel: {
                // The watchdog repeats the cancel while the statement still runs.
                cancellation.fire(.callerGone)
                work.cancel()
            }
        } catch let error as PostgresError {
            // The server's "canceling statement due to user request" is our own cancel: say why.
            if error.sqlState == .queryCanceled, let reason = cancellation.reason { throw PostgresError.cancelled(reason) }
            if case .poolTimeout = error, let reason = cancellation.reason { throw PostgresError.cancelled(reason) }
            throw error
        } catch is CancellationError {
            // Cancelled before the statement started (waiting for a connection or a thread): same reason.
            throw PostgresError.cancelled(cancellation.reason ?? .callerGone)
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
        if !idleConnections.isEmpty {
            do {
                try await self.threads.run {
                    for connection in idleConnections {
                        connection.close()
                    }
                }
            } catch {
                for connection in idleConnections {
                    connection.close()
                }
            }
        }
        await self.threads.shutdown()
        self.logger.debug("connection pool shut down")
    }

    /// How many times a connection was checked out since the pool started: each checkout is one
    /// database conversation, so tests use it to prove an operation took exactly one round trip.
    public private(set) var checkoutCount = 0

    /// Counts at this moment.
    public var statistics: Statistics {
        Statistics(open: self.open, idle: self.idle.count, inUse: self.open - self.idle.count, waiting: self.waiters.count)
    }

    // MARK: - Checkout and return (on the actor)

    private func acquire() async throws -> ConnectionLease {
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
        retryingStale: Bool,
        configuration: PostgresConfiguration,
        settings: [String: String],
        logger: Logger
    ) -> PooledRun<T> {
        var candidate: PostgresConnection?
        if case .connection(let existing) = lease {
            if existing.checkAlive() {
                candidate = existing
            } else {
                logger.notice("discarding a pooled connection that is no longer usable; reconnecting")
                existing.close()
            }
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
                for (name, value) in settings.sorted(by: { $0.key < $1.key }) {
                    _ = try connection.query("SELECT set_config($1, $2, false)", [name, value])
                }
            } catch {
                logger.error("could not apply the session settings", metadata: ["error": "\(error)"])
                connection.close()
                return .connectFailed(error)
            }
        }
        let result = Result<T, any Error> { try body(connection) }
        if retryingStale, candidate != nil, case .failure(let error) = result,
           let error = error as? PostgresError, error.isConnectionError {
            logger.notice("a pooled connection had died while idle; running the statement on a new connection",
                          metadata: ["error": "\(error)"])
            connection.close()
            return Self.run(body, lease: .emptySlot, retryingStale: false, configuration: configuration,
                            settings: settings, logger: logger)
        }
        let reusable = Self.prepareForReuse(connection, after: result, logger: logger)
        return .finished(connection: reusable ? connection : nil, result: result)
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
