import CLibPQ

extension PostgresConnection {
    /// Runs one statement with the extended protocol (unnamed statement) and text parameters
    /// `$1`, `$2`, ... (`nil` is SQL NULL). Give parameter types in the SQL (`$1::date`); the server
    /// infers the rest.
    ///
    /// - Throws: `.server` for errors reported by the server, `.connectionLost` if the connection broke.
    public func query(_ sql: String, _ parameters: [String?] = []) throws(PostgresError) -> PostgresRows {
        let handle = try self.openHandle()
        let result = try TextParameters.withCArray(parameters) { count, values in
            PQexecParams(handle, sql, count, nil, values, nil, nil, 0)
        }
        return try self.rows(consuming: result)
    }

    /// Like `query`, but prepares `sql` once per connection under `StatementName.forSQL(sql)` and then
    /// runs it with `PQexecPrepared`, saving the parse and plan on every later call.
    ///
    /// If the server no longer knows the statement (`26000`, e.g. after `DISCARD ALL`), it is prepared
    /// again and run once more.
    public func queryPrepared(_ sql: String, _ parameters: [String?] = []) throws(PostgresError) -> PostgresRows {
        switch preparation(of: sql) {
        case .unnamed:
            return try self.query(sql, parameters)
        case .ready(let name):
            do throws(PostgresError) {
                return try self.executePrepared(name: name, parameters: parameters)
            } catch where forgetIfVanished(error, name: name) {
                try self.prepare(name: name, sql: sql)
                return try self.executePrepared(name: name, parameters: parameters)
            }
        case .prepare(let name, let deallocatingAll):
            if deallocatingAll {
                try self.execute("DEALLOCATE ALL")
                self.preparedStatements.removeAll()
            }
            try self.prepare(name: name, sql: sql)
            return try self.executePrepared(name: name, parameters: parameters)
        }
    }

    /// How this session runs `sql` prepared: with the statement it has, after preparing it, or unnamed when another
    /// statement holds its name (two texts with one 64-bit hash: astronomically rare, but stay correct).
    enum Preparation {
        case ready(name: String)
        /// Not prepared yet; `deallocatingAll` when the session's cache is full and must be emptied first, so that a
        /// stream of distinct ad-hoc queries cannot grow the server's memory forever.
        case prepare(name: String, deallocatingAll: Bool)
        case unnamed
    }

    func preparation(of sql: String) -> Preparation {
        let name = StatementName.forSQL(sql)
        switch self.preparedStatements[name] {
        case sql?: return .ready(name: name)
        case _?: return .unnamed
        case nil: return .prepare(name: name, deallocatingAll: self.preparedStatements.count >= Self.maximumPreparedStatements)
        }
    }

    /// Whether `error` says the server no longer knows a statement this session prepared (`26000`, e.g. after
    /// `DISCARD ALL`); if so the session forgets it too, so that it is prepared again. Not inside a failed transaction,
    /// where nothing but ROLLBACK runs.
    func forgetIfVanished(_ error: PostgresError, name: String) -> Bool {
        guard error.sqlState == .invalidSQLStatementName, self.transactionStatus != .inFailedTransaction else { return false }
        self.logger.debug("prepared statement vanished on the server; preparing it again", metadata: ["statement": "\(name)"])
        self.preparedStatements[name] = nil
        return true
    }

    /// The `SET` that switches the session to `mode`, or nil when it is in it already.
    func planModeChange(_ mode: PlanMode) -> String? {
        guard mode != planMode else { return nil }
        return "SET plan_cache_mode = " + mode.setting
    }

    /// `queryPrepared` under the plan-cache mode `plan`. The session's `plan_cache_mode` is switched only when it
    /// differs from the last statement's (one extra round trip then, none otherwise); PostgreSQL reads it at every
    /// execution of a prepared statement.
    public func queryPrepared(_ sql: String, _ parameters: [String?], plan: PlanMode) throws(PostgresError) -> PostgresRows {
        if let setting = planModeChange(plan) {
            try execute(setting)
            planMode = plan
        }
        return try queryPrepared(sql, parameters)
    }

    /// Runs SQL with the simple protocol (`PQexec`): may hold several statements separated by `;`, and
    /// takes no parameters. For migrations, DDL and session settings. Results are discarded.
    ///
    /// Without an explicit transaction, a multi-statement string runs as one implicit transaction.
    public func execute(_ sql: String) throws(PostgresError) {
        let handle = try self.openHandle()
        _ = try self.rows(consuming: PQexec(handle, sql))
    }

    /// Prepares `sql` under `name` and remembers that this session has it.
    private func prepare(name: String, sql: String) throws(PostgresError) {
        let handle = try self.openHandle()
        guard let result = PQprepare(handle, name, sql, 0, nil) else {
            throw self.error(from: nil)
        }
        defer { PQclear(result) }
        if PQresultStatus(result) != PGRES_COMMAND_OK {
            let error = self.error(from: result)
            // Someone prepared this very name in the session already (same text by construction).
            guard error.sqlState == "42P05" else {
                throw error
            }
        }
        self.preparedStatements[name] = sql
    }

    private func executePrepared(name: String, parameters: [String?]) throws(PostgresError) -> PostgresRows {
        let handle = try self.openHandle()
        let result = try TextParameters.withCArray(parameters) { count, values in
            PQexecPrepared(handle, name, count, values, nil, nil, 0)
        }
        return try self.rows(consuming: result)
    }

    /// Copies the rows out of `result` and clears it; maps failures to `PostgresError`.
    func rows(consuming result: OpaquePointer?) throws(PostgresError) -> PostgresRows {
        guard let result else {
            throw self.error(from: nil)
        }
        let status = PQresultStatus(result)
        switch status {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            defer { PQclear(result) }
            return PostgresRows(copying: result)
        case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
            PQclear(result)
            self.abandonCopy()
            throw .copyFailed(message: "COPY needs copyIn(_:_:); query and execute cannot stream COPY data")
        default:
            defer { PQclear(result) }
            throw self.error(from: result)
        }
    }
}
