/// Transactions on the request path (issue 20's mutations): several statements on one pooled connection between
/// `BEGIN` and `COMMIT`, without blocking a thread, all or nothing.
extension ConnectionPool {
    /// The statements of one transaction: each runs on the transaction's connection, in order.
    public struct Transaction: Sendable {
        let connection: PostgresConnection
        let reactor: SocketReactor

        /// One statement with text parameters, unnamed (a transaction's statements are not prepared: they are rare,
        /// and a prepared statement would outlive a transaction that failed half-way).
        public func query(_ sql: String, _ parameters: [String?] = []) async throws(PostgresError) -> PostgresRows {
            try await connection.query(sql, parameters, on: reactor)
        }
    }

    /// Runs `body` in a transaction: `BEGIN`, the body's statements, `COMMIT`; on any error `ROLLBACK` (or the
    /// connection is closed when it cannot even do that) and the error is thrown. A deferred constraint that fails
    /// fails the `COMMIT`, which throws like any statement. Not retried: a write is not safe to repeat.
    ///
    /// - Parameter timeout: the whole transaction's time limit, as `statement_timeout` for each of its statements and a
    ///   deadline for the caller: past it the server cancels the statement running.
    public nonisolated func transaction<T: Sendable>(
        timeout: Duration?, _ body: (Transaction) async throws(PostgresError) -> T
    ) async throws -> T {
        try await withReadyConnection(retryingStale: false) { [reactor] connection throws(PostgresError) in
            let transaction = Transaction(connection: connection, reactor: reactor)
            _ = try await transaction.query(Self.beginStatement)
            do throws(PostgresError) {
                if let timeout {
                    let milliseconds = max(1, timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
                    _ = try await transaction.query(Self.localSettingStatement, ["statement_timeout", "\(milliseconds)ms"])
                }
                let result = try await body(transaction)
                _ = try await transaction.query(Self.commitStatement)
                return result
            } catch {
                if connection.isHealthy, connection.transactionStatus != .idle {
                    _ = try? await transaction.query(Self.rollbackStatement)
                }
                throw error
            }
        }
    }

    static let beginStatement = "BEGIN"
    static let commitStatement = "COMMIT"
    static let rollbackStatement = "ROLLBACK"
    /// `SET LOCAL name = value` with bound values.
    static let localSettingStatement = "SELECT set_config($1, $2, true)"
}
