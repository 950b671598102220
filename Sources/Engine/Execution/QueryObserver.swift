import Planner
import Postgres

/// One statement the service ran, for metrics and the slow-query log.
public struct StatementEvent: Sendable {
    public let requestID: String?
    public let operationName: String?
    public let role: Role
    public let sql: String
    public let duration: Duration
    /// `ok`, or the error code the statement ended with.
    public let outcome: String

    /// The name the statement is prepared under (`q_` + a hash of its SQL): the same for every request of one
    /// shape, so it identifies the plan in `pg_prepared_statements` and in logs. Computed on demand (it hashes
    /// the whole SQL text), since only the slow-query log needs it.
    public var planID: String { StatementName.forSQL(sql) }
}

/// Told about every statement the service runs (metrics, slow-query log). Called on the request's task;
/// keep it cheap.
public protocol QueryObserver: Sendable {
    func statementFinished(_ event: StatementEvent)
}

/// Counts an executor can report for `/metrics`.
public struct ExecutorSnapshot: Sendable {
    public var pool: ConnectionPool.Statistics?
    public var documentHits = 0
    public var documentMisses = 0
    public var compiledHits = 0
    public var compiledMisses = 0
    /// Entries, bytes and budget of each of the executor's caches, by name (`document`, `compiled`,
    /// `introspection`), summed over the roles.
    public var caches: [String: CacheUsage] = [:]
    /// The answer cache's counts, when there is one.
    public var answers: AnswerCache.Statistics?
    /// Distinct live queries running, each shared by all its subscribers (so at most this many statements per change).
    public var liveQueries = 0

    public init() {}
}
