import Engine
import Foundation
import Logging
import Planner
import Postgres
@testable import Server
import TestSupport
import Testing

/// Collects log records, for asserting on the slow-query log and request lines.
final class CollectingLogs: @unchecked Sendable {
    private let lock = NSLock()
    private var records: [(Logger.Level, String, Logger.Metadata)] = []

    var logger: Logger {
        Logger(label: "qunji.tests.collect") { _ in Handler(sink: self) }
    }

    var all: [(Logger.Level, String, Logger.Metadata)] { lock.withLock { records } }

    fileprivate func add(_ level: Logger.Level, _ message: String, _ metadata: Logger.Metadata) {
        lock.withLock { records.append((level, message, metadata)) }
    }

    struct Handler: LogHandler {
        let sink: CollectingLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String,
                 function: String, line: UInt) {
            sink.add(level, message.description, self.metadata.merging(metadata ?? [:]) { $1 })
        }
    }
}

/// `/metrics`, request ids, request log lines and the slow-query log (issue 6 §5).
@Suite("Observability")
struct ObservabilityTests {
    @Test("request ids are accepted or generated and echoed; each request is logged and counted by operation and outcome")
    func requestsCounted() async throws {
        let logs = CollectingLogs()
        let metrics = ServerMetrics(logger: logs.logger)
        let executor = ScriptedExecutor { request in
            request.query.contains("bad")
                ? .rejected(errors: [GraphQLResponseError(message: "no", code: "GRAPHQL_VALIDATION_FAILED")])
                : .executed(body: Array(#"{"data":{}}"#.utf8))
        }
        try await withTestServer(executor, metrics: metrics, logger: logs.logger) { client in
            let json = ("Content-Type", "application/json")
            let given = try await client.send("POST", "/graphql", headers: [json, ("X-Request-Id", "dash-42")],
                                              body: #"{"query":"query Dash { a }","operationName":"Dash"}"#)
            #expect(given.header("x-request-id") == "dash-42")
            let replaced = try await client.send("POST", "/graphql", headers: [json, ("X-Request-Id", "<script>")],
                                                 body: #"{"query":"{ bad }"}"#)
            let newID = replaced.header("x-request-id") ?? ""
            #expect(newID.wholeMatch(of: /[0-9a-f]{12}-[0-9a-f]{12}/) != nil, "a new id replaces an unusable one: \(newID)")
            let another = try await client.send("POST", "/graphql", headers: [json], body: #"{"query":"{ bad }"}"#)
            #expect(another.header("x-request-id").map { $0 != newID && $0.hasPrefix(newID.prefix(13)) } == true,
                    "ids of one process share a prefix and differ")
            // A refused document's name is not a label: it is the client's free text.
            _ = try await client.send("POST", "/graphql", headers: [json],
                                      body: #"{"query":"query Junk1 { bad }","operationName":"Junk1"}"#)
            // Metrics are on their own listener, not on the public port.
            #expect(try await client.send("GET", "/metrics").status == 404)
            let text = String(decoding: try await client.metrics.send("GET", "/metrics").body, as: UTF8.self)
            #expect(text.contains(#"qunji_requests_total{operation="Dash",outcome="ok"} 1"#), "\(text)")
            #expect(text.contains(#"qunji_requests_total{operation="other",outcome="GRAPHQL_VALIDATION_FAILED"} 3"#), "\(text)")
            #expect(!text.contains("Junk1"))
            #expect(text.contains(#"qunji_errors_total{code="GRAPHQL_VALIDATION_FAILED"} 3"#))
            #expect(text.contains("qunji_request_duration_seconds_bucket"))
        }
        let lines = logs.all.filter { $0.1 == "graphql request" }
        #expect(lines.count == 4)
        #expect(lines.first?.2["request_id"]?.description == "dash-42")
        #expect(lines.first?.2["operation"]?.description == "Dash")
    }

    @Test("database time, pool and cache figures, and the slow-query log with SQL and plan id, from the real service")
    func databaseFigures() async throws {
        let logs = CollectingLogs()
        let metrics = ServerMetrics(logger: logs.logger, slowQueryThreshold: .zero)
        let database = try await ProjectDatabase.migrated("observability")
        let pool = ConnectionPool(configuration: database, options: .init(size: 2), logger: quietLogger)
        defer { Task { await pool.shutdown() } }
        let schema = try String(contentsOf: Repository.url("schema/schema.graphql"), encoding: .utf8)
        let service = try await ProjectDatabase.settingUp { try QueryService(schemas: .single(schema), catalog: .qunji, pool: pool, logger: quietLogger, observer: metrics) }
        try await withTestServer(service, metrics: metrics, logger: logs.logger) { client in
            let json = ("Content-Type", "application/json")
            for _ in 0..<3 {
                _ = try await client.send("POST", "/graphql", headers: [json, ("X-Request-Id", "r1")],
                                          body: #"{"query":"query Count { prefectures { totalCount } }","operationName":"Count"}"#)
            }
            let text = String(decoding: try await client.metrics.send("GET", "/metrics").body, as: UTF8.self)
            #expect(text.contains("qunji_database_duration_seconds_count 3"), "\(text)")
            #expect(text.contains(#"qunji_pool_connections{state="open"} 1"#))
            #expect(text.contains(#"qunji_cache_hits{cache="document"} 2"#))
            #expect(text.contains(#"qunji_cache_hit_ratio{cache="compiled"} 0.6666"#))
        }
        let slow = logs.all.filter { $0.1 == "slow query" }
        #expect(slow.count == 3)
        #expect(slow.first?.2["sql"]?.description.contains("prefecture") == true)
        #expect(slow.first?.2["plan_id"]?.description.hasPrefix("q_") == true)
        #expect(slow.first?.2["request_id"]?.description == "r1")
    }
}
