import Logging

/// The request path: statements on pooled connections in non-blocking mode, read by the pool's ``SocketReactor``.
/// Everything here runs on the caller's own task; only checking out and giving back touch the actor.
extension ConnectionPool {
    /// `PostgresConnection.query` on a pooled connection: one statement, unnamed, text parameters.
    ///
    /// If the pooled connection had died while idle, the statement is sent once more on a new
    /// connection, so callers see no error after a database restart. Use it for reads and other
    /// statements that are safe to repeat; use `withConnection` for anything else.
    public nonisolated func query(_ sql: String, _ parameters: [String?] = []) async throws -> PostgresRows {
        try await withReadyConnection(retryingStale: true) { [reactor] connection throws(PostgresError) in
            try await connection.query(sql, parameters, on: reactor)
        }
    }

    /// `PostgresConnection.queryPrepared` on a pooled connection: for statements run again and again
    /// (each connection prepares the SQL once). Retried on a new connection like `query`.
    public nonisolated func queryPrepared(_ sql: String, _ parameters: [String?] = []) async throws -> PostgresRows {
        try await withReadyConnection(retryingStale: true) { [reactor] connection throws(PostgresError) in
            try await connection.queryPrepared(sql, parameters, on: reactor)
        }
    }

    /// `queryPrepared` with a time limit: the statement is cancelled on the server (`PQcancel`) when it
    /// runs longer than `timeout`, or when the calling task is cancelled, and then throws `.cancelled` with
    /// the reason. The limit counts from the call, so time spent waiting for a connection counts too.
    ///
    /// If even the cancel gets no answer within ``unresponsiveGrace`` (a hung server), the caller gets
    /// `.cancelled(.timeout)` anyway: the reactor stops waiting for that socket, the connection is closed and the
    /// pool fails fast until the server answers again. Deadlines are kept by the pool's ``Watchdog``, to a tick.
    /// - Parameter plan: the plan-cache mode the statement runs under (see `PostgresConnection.queryPrepared(_:_:plan:)`).
    public nonisolated func queryPrepared(
        _ sql: String, _ parameters: [String?], timeout: Duration?, plan: PlanMode = .automatic
    ) async throws -> PostgresRows {
        let cancellation = StatementCancellation()
        let start = ContinuousClock.now
        let answerBy = timeout.map { start + $0 + Self.unresponsiveGrace }
        var alarms: [(at: ContinuousClock.Instant, action: @Sendable () -> Void)] = []
        if let timeout {
            alarms.append((start + timeout, { cancellation.fire(.timeout(timeout)) }))
        }
        let watch = watchdog.add(alarms: alarms, repeating: cancellation)
        defer { watchdog.remove(watch) }
        do {
            return try await withTaskCancellationHandler {
                try await withReadyConnection(retryingStale: true) { [reactor] connection throws(PostgresError) in
                    try cancellation.arm(connection)
                    defer { cancellation.disarm() }
                    return try await connection.queryPrepared(sql, parameters, plan: plan, answerBy: answerBy, on: reactor)
                }
            } onCancel: {
                // The watchdog repeats the cancel while the statement still runs.
                cancellation.fire(.callerGone)
            }
        } catch let error as PostgresError {
            if case .unanswered = error {
                // Not even the cancel got an answer: the server may be hung. Fail fast until it answers.
                await statementUnanswered(since: start)
                throw PostgresError.cancelled(cancellation.reason ?? .timeout(timeout ?? .zero))
            }
            // The server's "canceling statement due to user request" is our own cancel: say why.
            if error.sqlState == .queryCanceled, let reason = cancellation.reason { throw PostgresError.cancelled(reason) }
            if case .poolTimeout = error, let reason = cancellation.reason { throw PostgresError.cancelled(reason) }
            throw error
        } catch is CancellationError {
            // Cancelled before the statement started (waiting for a connection): same reason.
            throw PostgresError.cancelled(cancellation.reason ?? .callerGone)
        }
    }

    /// Checks out a connection, opens it if the lease is an empty slot (or the idle one died), runs `body` on the
    /// caller's task and gives the connection back, or closes it when it must not be reused.
    ///
    /// With `retryingStale`, a connection taken from the idle list that turns out to have died unnoticed (a server
    /// restart or a terminated backend can race `checkAlive()`) is replaced and `body` runs once more: only for
    /// bodies that are safe to repeat, such as a single read.
    nonisolated func withReadyConnection<T: Sendable>(
        retryingStale: Bool, _ body: (PostgresConnection) async throws(PostgresError) -> T
    ) async throws -> T {
        let lease = try await acquire()
        var connection: PostgresConnection
        var fromIdle = false
        if case .connection(let existing) = lease, let alive = Self.alive(existing, logger: logger) {
            connection = alive
            fromIdle = true
        } else {
            connection = try await openForStatements()
        }
        var outcome: Result<T, PostgresError>
        do throws(PostgresError) { outcome = .success(try await body(connection)) } catch { outcome = .failure(error) }
        if retryingStale, fromIdle, case .failure(let error) = outcome, error.isConnectionError {
            logger.notice("a pooled connection had died while idle; running the statement on a new connection",
                          metadata: ["error": "\(error)"])
            connection.close()
            connection = try await openForStatements()
            do throws(PostgresError) { outcome = .success(try await body(connection)) } catch { outcome = .failure(error) }
        }
        await finish(keeping: Self.reusable(connection, after: outcome, logger: logger) ? connection : nil)
        return try outcome.get()
    }

    /// Opens connections until all `Options.size` are open, at once and without blocking a thread, and leaves them
    /// idle. A server calls it while it starts, so that its first requests do not each wait for a connection to be
    /// opened and authenticated (SCRAM costs both sides a few milliseconds of CPU) and for a new PostgreSQL backend.
    /// A connection that cannot be opened leaves its slot free for later, as on demand; nothing is thrown.
    public nonisolated func fill() async {
        let missing = await reserveEmptySlots()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<missing {
                group.addTask {
                    guard let connection = try? await self.openForStatements() else { return }
                    await self.finish(keeping: connection)
                }
            }
        }
    }

    /// A new connection for a reserved slot, opened without blocking and with the session settings applied; on
    /// failure the slot is freed and the pool fails fast for a while.
    private nonisolated func openForStatements() async throws(PostgresError) -> PostgresConnection {
        var opened: PostgresConnection?
        do throws(PostgresError) {
            let connection = try await PostgresConnection.connect(configuration, logger: logger, reactor: reactor)
            opened = connection
            for (name, value) in Self.ordered(options.sessionSettings) {
                _ = try await connection.query(Self.settingStatement, [name, value], on: reactor)
            }
            return connection
        } catch {
            logger.error("could not open a database connection", metadata: ["error": "\(error)"])
            opened?.close()
            await connectFailed(error)
            throw error
        }
    }

    /// Whether a connection may go back to the idle list after a statement; if not, it is closed. A statement
    /// leaves the session idle, so anything else (a transaction left open, a command given up) closes it.
    private static func reusable<T>(_ connection: PostgresConnection, after outcome: Result<T, PostgresError>, logger: Logger) -> Bool {
        if case .failure(let error) = outcome, error.isConnectionError {
            logger.notice("closing a database connection after a connection error", metadata: ["error": "\(error)"])
        } else if connection.isHealthy, connection.transactionStatus == .idle {
            return true
        }
        connection.close()
        return false
    }
}
