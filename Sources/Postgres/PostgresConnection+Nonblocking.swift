import CLibPQ
import Logging

/// The request path's way to talk to PostgreSQL (issue 18 §1): libpq in non-blocking mode, each command sent with a
/// `PQsend…` call on the caller's own task and its answer read on the pool's ``SocketReactor`` as the socket becomes
/// readable. No thread blocks while the database works; a command in flight costs a continuation, not a thread.
///
/// The blocking methods (`query`, `execute`, `copyIn`, …) stay for administration (migrations, sample data, the CLI):
/// they switch the connection back to blocking mode, and these switch it to non-blocking, so one connection can serve
/// both, one call at a time.
extension PostgresConnection {
    /// Opens a connection with `PQconnectStart` and `PQconnectPoll`, each step run on `reactor` (``ConnectionOpener``), with
    /// `client_encoding` UTF8 and notices routed to `logger`, as the blocking `connect`.
    ///
    /// libpq does not apply `connect_timeout` to a polled connection, so the configuration's value (else 5 s) is a
    /// deadline here. Resolving a host *name* may still block briefly inside `PQconnectStart`; `hostaddr` avoids it.
    public static func connect(
        _ configuration: PostgresConfiguration, logger: Logger, reactor: SocketReactor
    ) async throws(PostgresError) -> PostgresConnection {
        let seconds = configuration.info["connect_timeout"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil } ?? 5
        let deadline = ContinuousClock.now + .seconds(seconds)
        guard let handle = PQconnectStart(configuration.withDefault("client_encoding", "UTF8").connectionString) else {
            throw .connectionFailed(message: "libpq could not allocate a connection (out of memory)")
        }
        switch await ConnectionOpener.connect(handle, on: reactor, until: deadline) {
        case .connected, .failed:
            break
        case .timedOut:
            PQfinish(handle)
            throw .connectionFailed(message: "timeout expired: no connection within \(seconds) s")
        case .unwatchable:
            PQfinish(handle)
            throw .connectionFailed(message: "the connection's socket could not be watched (the pool is shutting down, or no file descriptors are left)")
        }
        guard PQstatus(handle) == CONNECTION_OK, PQsetnonblocking(handle, 1) == 0 else {
            let message = Self.errorMessage(handle)
            PQfinish(handle)
            throw .connectionFailed(message: message)
        }
        return Self.opened(handle, logger: logger)
    }

    /// One statement with text parameters (`nil` is NULL), unnamed, as the blocking `query`.
    public func query(
        _ sql: String, _ parameters: [String?] = [], answerBy: ContinuousClock.Instant? = nil, on reactor: SocketReactor
    ) async throws(PostgresError) -> PostgresRows {
        try await exchange(on: reactor, answerBy: answerBy) { handle throws(PostgresError) in
            try TextParameters.withCArray(parameters) { count, values in PQsendQueryParams(handle, sql, count, nil, values, nil, nil, 0) }
        }
    }

    /// `sql` prepared once per session and then executed, as the blocking `queryPrepared(_:_:plan:)`:
    /// the same statement names, the same cache limit, the same recovery when the server forgot the statement.
    /// - Parameter plan: the plan-cache mode to run it under; nil keeps the session's.
    /// - Parameter answerBy: when the caller stops waiting for each command's answer; past it the command is left to
    ///   the server, the connection must not be reused, and this throws `.unanswered`.
    public func queryPrepared(
        _ sql: String, _ parameters: [String?], plan: PlanMode? = nil, answerBy: ContinuousClock.Instant? = nil,
        on reactor: SocketReactor
    ) async throws(PostgresError) -> PostgresRows {
        if let plan, let setting = planModeChange(plan) {
            _ = try await exchange(on: reactor, answerBy: answerBy) { PQsendQuery($0, setting) }
            planMode = plan
        }
        switch preparation(of: sql) {
        case .unnamed:
            return try await query(sql, parameters, answerBy: answerBy, on: reactor)
        case .ready(let name):
            do throws(PostgresError) {
                return try await executePrepared(name: name, parameters: parameters, answerBy: answerBy, on: reactor)
            } catch where forgetIfVanished(error, name: name) {
                try await prepare(name: name, sql: sql, answerBy: answerBy, on: reactor)
                return try await executePrepared(name: name, parameters: parameters, answerBy: answerBy, on: reactor)
            }
        case .prepare(let name, let deallocatingAll):
            if deallocatingAll {
                _ = try await exchange(on: reactor, answerBy: answerBy) { PQsendQuery($0, "DEALLOCATE ALL") }
                preparedStatements.removeAll()
            }
            try await prepare(name: name, sql: sql, answerBy: answerBy, on: reactor)
            return try await executePrepared(name: name, parameters: parameters, answerBy: answerBy, on: reactor)
        }
    }

    private func prepare(name: String, sql: String, answerBy: ContinuousClock.Instant?, on reactor: SocketReactor) async throws(PostgresError) {
        do throws(PostgresError) {
            _ = try await exchange(on: reactor, answerBy: answerBy) { PQsendPrepare($0, name, sql, 0, nil) }
        } catch where error.sqlState == "42P05" {
            // Someone prepared this very name in the session already (same text by construction).
        }
        preparedStatements[name] = sql
    }

    private func executePrepared(
        name: String, parameters: [String?], answerBy: ContinuousClock.Instant?, on reactor: SocketReactor
    ) async throws(PostgresError) -> PostgresRows {
        try await exchange(on: reactor, answerBy: answerBy) { handle throws(PostgresError) in
            try TextParameters.withCArray(parameters) { count, values in PQsendQueryPrepared(handle, name, count, values, nil, nil, 0) }
        }
    }

    /// Sends one command with `send` (a `PQsend…` call returning 1 on success) and awaits its results.
    private func exchange(
        on reactor: SocketReactor, answerBy: ContinuousClock.Instant? = nil, _ send: (OpaquePointer) throws(PostgresError) -> Int32
    ) async throws(PostgresError) -> PostgresRows {
        let handle = try openHandle(blocking: false)
        guard try send(handle) == 1 else { throw error(from: nil) }
        let collected = await ResultCollector.results(of: handle, on: reactor, until: answerBy)
        if collected.gaveUp {
            collected.results.forEach { PQclear($0) }
            mustNotBeReused = true
            throw .unanswered
        }
        return try rows(consuming: collected)
    }

    /// The first failed result's error, else the last result's rows; clears them all. No result at all: the
    /// connection broke (libpq's message says how).
    private func rows(consuming collected: ResultCollector.Results) throws(PostgresError) -> PostgresRows {
        var results = collected.results
        guard let last = results.popLast() else { throw error(from: nil) }
        defer { results.forEach { PQclear($0) } }
        if let failed = results.firstIndex(where: { !Self.succeeded($0) }) {
            PQclear(last)
            let result = results.remove(at: failed)
            defer { PQclear(result) }
            throw error(from: result)
        }
        return try rows(consuming: last)
    }

    private static func succeeded(_ result: OpaquePointer) -> Bool {
        let status = PQresultStatus(result)
        return status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK || status == PGRES_EMPTY_QUERY
    }
}
