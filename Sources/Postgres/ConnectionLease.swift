/// What a caller of `ConnectionPool` is granted: an idle connection, or the right to open one.
enum ConnectionLease: Sendable {
    /// An open connection from the idle list (it may have died while idle; check before use).
    case connection(PostgresConnection)
    /// A reserved slot: the caller opens a new connection, counted in `open` already.
    case emptySlot
}

/// How a pooled run ended, reported back from the database thread to the pool.
enum PooledRun<T: Sendable>: Sendable {
    /// No connection could be opened; the slot must be freed.
    case connectFailed(PostgresError)
    /// The body ran; `connection` is `nil` when it was closed because it must not be reused.
    case finished(connection: PostgresConnection?, result: Result<T, any Error>)
}
