import Engine
import Foundation
import Hummingbird
import Logging
import Planner
import Prometheus

/// Metrics in Prometheus text format (`GET /metrics` on the metrics listener, loopback by default) and the
/// slow-query log.
///
/// - `qunji_requests_total{operation,outcome}` and `qunji_request_duration_seconds{operation}`: every
///   GraphQL request by operation name (names of operations that passed validation, the first 100 distinct
///   ones; `anonymous` for unnamed ones; `other` for the rest and for refused documents) and outcome (`ok`
///   or the error code);
/// - `qunji_errors_total{code}`;
/// - `qunji_database_duration_seconds`: time in PostgreSQL per statement;
/// - `qunji_pool_connections{state}` (open, idle, in_use, waiting) and cache hits/misses with hit ratios,
///   read from the executor when scraped.
///
/// - Important: `@unchecked Sendable` because `operations` is touched only with `lock` held; the registry
///   is thread-safe.
public final class ServerMetrics: QueryObserver, @unchecked Sendable {
    public let registry = PrometheusCollectorRegistry()
    private let logger: Logger
    private let slowQueryThreshold: Duration
    private let lock = NSLock()
    private var operations: Set<String> = []
    private static let maximumOperationNames = 100
    private static let buckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]
    private let databaseDuration: DurationHistogram

    /// A metric's full name as one descriptor: the names are fixed, already in Prometheus' form (unit included).
    private static func name(_ name: String, help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    /// - Parameter slowQueryThreshold: statements slower than this are logged at warning level with their SQL.
    public init(logger: Logger, slowQueryThreshold: Duration = .milliseconds(500)) {
        self.logger = logger
        self.slowQueryThreshold = slowQueryThreshold
        self.databaseDuration = registry.makeDurationHistogram(
            descriptor: Self.name("qunji_database_duration_seconds", help: "Time PostgreSQL took per statement."), buckets: Self.buckets)
    }

    /// The operation name as a label, with `lock` held: bounded (the first 100 names, then `other`), so clients
    /// cannot grow the series without limit.
    private func boundedLabel(_ name: String) -> String {
        if operations.contains(name) { return name }
        guard operations.count < Self.maximumOperationNames else { return "other" }
        operations.insert(name)
        return name
    }

    /// The series of one operation label and outcome, created on first use and kept: looking a series up in
    /// the registry builds and compares label arrays, which the request path should not pay every time.
    private struct RequestSeries {
        let requests: Counter
        let duration: DurationHistogram
        let errors: Counter?
    }
    private var series: [SeriesKey: RequestSeries] = [:]
    private struct SeriesKey: Hashable {
        let operation: String
        let outcome: String
    }

    /// Records one GraphQL request.
    ///
    /// - Parameter operation: the name of an operation that passed validation (empty when unnamed:
    ///   `anonymous`), or nil for a request refused before it ran (`other`), so a client cannot spend the
    ///   label slots on names of documents that were never valid.
    func requestFinished(operation: String?, outcome: String, duration: Duration) {
        let found: RequestSeries = lock.withLock {
            let label = operation.map { $0.isEmpty ? "anonymous" : boundedLabel($0) } ?? "other"
            let key = SeriesKey(operation: label, outcome: outcome)
            if let existing = series[key] { return existing }
            let made = RequestSeries(
                requests: registry.makeCounter(descriptor: Self.name("qunji_requests_total", help: "GraphQL requests by operation name and outcome."),
                                               labels: [("operation", label), ("outcome", outcome)]),
                duration: registry.makeDurationHistogram(
                    descriptor: Self.name("qunji_request_duration_seconds", help: "GraphQL request latency, from parsed request to response."),
                    labels: [("operation", label)], buckets: Self.buckets),
                errors: outcome == "ok" ? nil
                    : registry.makeCounter(descriptor: Self.name("qunji_errors_total", help: "Errors by code."), labels: [("code", outcome)]))
            // Outcomes are error codes, a closed set, so the map stays bounded by operations × codes.
            series[key] = made
            return made
        }
        found.requests.increment()
        found.duration.record(duration)
        found.errors?.increment()
    }

    public func statementFinished(_ event: StatementEvent) {
        databaseDuration.record(event.duration)
        if event.duration > slowQueryThreshold {
            logger.warning("slow query", metadata: [
                "request_id": "\(event.requestID ?? "-")", "operation": "\(event.operationName ?? "-")",
                "role": "\(event.role.rawValue)", "plan_id": "\(event.planID)",
                "duration_ms": "\(Self.milliseconds(event.duration))", "outcome": "\(event.outcome)", "sql": "\(event.sql)",
            ])
        }
    }

    /// The text exposition, with the executor's pool and cache figures brought up to date first; `caches`
    /// adds the server's own (persisted documents, credentials).
    /// `liveSubscriptions`: the subscriptions and `@live` queries clients hold open (``StreamGate``).
    func exposition(_ snapshot: ExecutorSnapshot, caches: [String: CacheUsage] = [:], liveSubscriptions: Int = 0) -> [UInt8] {
        registry.makeGauge(descriptor: Self.name("qunji_live_subscriptions",
                                                 help: "Subscriptions and @live queries clients hold open, over WebSocket and Server-Sent Events."))
            .set(to: Double(liveSubscriptions))
        registry.makeGauge(descriptor: Self.name("qunji_live_queries",
                                                 help: "Distinct live queries running, each shared by all its subscribers: at most one statement each per change."))
            .set(to: Double(snapshot.liveQueries))
        for (cache, usage) in snapshot.caches.merging(caches, uniquingKeysWith: +) {
            registry.makeGauge(descriptor: Self.name("qunji_cache_entries", help: "Entries each cache holds."), labels: [("cache", cache)])
                .set(to: Double(usage.entries))
            registry.makeGauge(descriptor: Self.name("qunji_cache_bytes", help: "Estimated bytes each cache holds."), labels: [("cache", cache)])
                .set(to: Double(usage.bytes))
            registry.makeGauge(descriptor: Self.name("qunji_cache_budget_bytes", help: "The most bytes each cache may hold."),
                               labels: [("cache", cache)])
                .set(to: Double(usage.budget))
        }
        if let pool = snapshot.pool {
            for (state, value) in [("open", pool.open), ("idle", pool.idle), ("in_use", pool.inUse), ("waiting", pool.waiting)] {
                registry.makeGauge(descriptor: Self.name("qunji_pool_connections", help: "Database connections of the pool by state; waiting: requests queued for one."),
                                   labels: [("state", state)])
                    .set(to: Double(value))
            }
        }
        var hitCounts = [("document", snapshot.documentHits, snapshot.documentMisses),
                         ("compiled", snapshot.compiledHits, snapshot.compiledMisses)]
        if let answers = snapshot.answers {
            hitCounts.append(("answer", answers.hits, answers.misses))
            registry.makeGauge(descriptor: Self.name("qunji_answer_cache_invalidations",
                                                     help: "Kept answers dropped since start: a table they read changed, change notifications were lost, or the day turned."))
                .set(to: Double(answers.invalidations))
            registry.makeGauge(descriptor: Self.name("qunji_answer_cache_refused_stale",
                                                     help: "Answers not kept because a table they read changed while they were read."))
                .set(to: Double(answers.refusedStale))
            registry.makeGauge(descriptor: Self.name("qunji_answer_cache_listening",
                                                     help: "1 while change notifications arrive (the answer cache answers only then), else 0."))
                .set(to: answers.listening ? 1 : 0)
        }
        for (cache, hits, misses) in hitCounts {
            registry.makeGauge(descriptor: Self.name("qunji_cache_hits", help: "Cache hits since start."), labels: [("cache", cache)])
                .set(to: Double(hits))
            registry.makeGauge(descriptor: Self.name("qunji_cache_misses", help: "Cache misses since start."), labels: [("cache", cache)])
                .set(to: Double(misses))
            registry.makeGauge(descriptor: Self.name("qunji_cache_hit_ratio", help: "Hits / (hits + misses)."), labels: [("cache", cache)])
                .set(to: hits + misses == 0 ? 0 : Double(hits) / Double(hits + misses))
        }
        return registry.emitToBuffer()
    }

    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.1f", Double(seconds) * 1000 + Double(attoseconds) / 1e15)
    }
}
