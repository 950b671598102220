import Engine
import Foundation
import Logging
import Planner
import Postgres
@testable import Server
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Live queries over GraphQL-SSE (issue 21 §1, "distinct connections"): the answer at once, a new one within 2 s of a
/// committed write that changes it, nothing for a write to a table it does not read or that leaves it as it was.
@Suite("Live queries over Server-Sent Events", .serialized)
struct EventStreamTests {
    static let subscription = #"{"query":"subscription Fund { fund(code: \"SME_DEVELOPMENT_FUND\") { code name } }"}"#

    /// A service on a freshly migrated database whose change feed listens (live queries need it).
    static func liveService(_ name: String, poolSize: Int = 2, observer: (any QueryObserver)? = nil) async throws
        -> (QueryService, AnswerCaching, ConnectionPool, PostgresConfiguration) {
        let database = try await ProjectDatabase.migrated(name)
        let answers = AnswerCaching(budget: 1 << 20, configuration: database, logger: quietLogger)
        answers.start(forLiveQueries: true)
        #expect(await answers.listening(within: .seconds(10)))
        let pool = ConnectionPool(configuration: database, options: .init(size: poolSize, sessionSettings: QueryService.sessionSettings),
                                  logger: quietLogger)
        let source = try String(contentsOf: Repository.url("schema/schema.graphql"), encoding: .utf8)
        let service = try await ProjectDatabase.settingUp {
            try QueryService(schemas: .single(source), catalog: .qunji, pool: pool, logger: quietLogger, observer: observer,
                             answers: answers)
        }
        return (service, answers, pool, database)
    }

    @Test("the server's total of live operations: over it a stream is refused with 429, saying so, and freed places are taken again")
    func serverTotal() async throws {
        let (service, answers, pool, _) = try await Self.liveService("live-total")
        defer { answers.stop() }
        var configuration = ServerConfiguration()
        configuration.maximumLive = 2
        try await withTestServer(service, configuration: configuration) { client in
            let first = try await EventStreamClient.open(port: client.port, body: Self.subscription)
            defer { first.close() }
            let second = try await EventStreamClient.open(port: client.port, body: Self.subscription)
            #expect(try await first.next(within: .seconds(10)) != nil)
            #expect(try await second.next(within: .seconds(10)) != nil)
            let refused = try await client.send("POST", "/graphql", headers: [("Content-Type", "application/json"),
                                                                             ("Accept", "text/event-stream")], body: Self.subscription)
            #expect(refused.status == 429 && refused.text.contains("RATE_LIMITED") && refused.text.contains("The server holds its 2 live operations"),
                    "\(refused.status) \(refused.text)")
            // A place freed (the client goes) is a place again.
            second.close()
            var third: EventStreamClient?
            let deadline = ContinuousClock.now + .seconds(5)
            while third == nil, ContinuousClock.now < deadline {
                let stream = try await EventStreamClient.open(port: client.port, body: Self.subscription)
                if try await stream.next(within: .seconds(2)) != nil { third = stream } else { stream.close() }
            }
            #expect(third != nil)
            third?.close()
        }
        await pool.shutdown()
    }

    @Test("a subscription's answer at once, again after a write that changes it, not after writes that do not")
    func liveAnswers() async throws {
        let (service, answers, pool, database) = try await Self.liveService("live-sse")
        defer { answers.stop() }
        @Sendable func write(_ sql: String) async throws {
            try await ProjectDatabase.withConnection(database) { try $0.execute(sql) }
        }
        try await withTestServer(service) { client in
            // Over plain HTTP a subscription is refused, with the way to ask.
            let plain = try await client.send("POST", "/graphql", headers: [("Content-Type", "application/json")], body: Self.subscription)
            #expect(plain.text.contains("SUBSCRIPTION_NEEDS_STREAM"), "\(plain.text)")
            let stream = try await EventStreamClient.open(port: client.port, body: Self.subscription)
            defer { stream.close() }
            let first = try await stream.next(within: .seconds(10))
            #expect(first?.contains(#""name" : "#) == true, "\(first ?? "nothing")")
            // A write to a table the subscription does not read: no new answer.
            try await write("UPDATE monitoring_check SET finding = finding; UPDATE prefecture SET name = name")
            #expect(try await stream.next(within: .seconds(2)) == nil)
            // A write to its table that leaves its answer as it was: none either.
            try await write("UPDATE fund SET size_note = size_note")
            #expect(try await stream.next(within: .seconds(2)) == nil)
            // A write that changes it: the new answer within 2 s.
            let started = ContinuousClock.now
            try await write("UPDATE fund SET name = name || '（测试）' WHERE code = 'SME_DEVELOPMENT_FUND'")
            let changed = try await stream.next(within: .seconds(2))
            #expect(changed?.contains("（测试）") == true, "\(changed ?? "nothing")")
            #expect(ContinuousClock.now - started < .seconds(2))
            // A query on a stream: its one answer, then complete.
            let once = try await EventStreamClient.open(port: client.port, body: #"{"query":"{ fund(code: \"BANK_CREDIT\") { code } }"}"#)
            defer { once.close() }
            #expect(try await once.next(within: .seconds(10))?.contains("BANK_CREDIT") == true)
            #expect(try await once.next(within: .seconds(5)) == nil)
            #expect(once.completed)
        }
        await pool.shutdown()
    }

    @Test("a query marked @live: its root fields kept live on a stream, one answer over plain HTTP; @live elsewhere refused")
    func liveDirective() async throws {
        let (service, answers, pool, database) = try await Self.liveService("live-directive")
        defer { answers.stop() }
        let panel = #"{"query":"query Panel @live { fund(code: \"SME_DEVELOPMENT_FUND\") { name } prefectures(first: 1) { totalCount } }"}"#
        try await withTestServer(service) { client in
            // Over plain HTTP the directive changes nothing: the one answer, both fields.
            let plain = try await client.send("POST", "/graphql", headers: [("Content-Type", "application/json")], body: panel)
            #expect(plain.status == 200 && plain.text.contains(#""totalCount" : 9"#) && plain.text.contains(#""name" : "#), "\(plain.text)")
            // On a stream: the answer at once, and again, with both root fields, when a write changes one of them.
            let stream = try await EventStreamClient.open(port: client.port, body: panel)
            defer { stream.close() }
            let first = try await stream.next(within: .seconds(10))
            #expect(first?.contains(#""totalCount" : 9"#) == true, "\(first ?? "nothing")")
            let started = ContinuousClock.now
            try await ProjectDatabase.withConnection(database) {
                try $0.execute("UPDATE fund SET name = name || '（面板）' WHERE code = 'SME_DEVELOPMENT_FUND'")
            }
            let changed = try await stream.next(within: .seconds(2))
            #expect(changed?.contains("（面板）") == true && changed?.contains(#""totalCount" : 9"#) == true, "\(changed ?? "nothing")")
            #expect(ContinuousClock.now - started < .seconds(2))
            #expect(!stream.completed)
            // The directive belongs on a query operation only.
            for misplaced in [#"{"query":"{ prefectures(first: 1) @live { totalCount } }"}"#,
                              #"{"query":"subscription S @live { prefectures(first: 1) { totalCount } }"}"#] {
                let refused = try await client.send("POST", "/graphql", headers: [("Content-Type", "application/json")], body: misplaced)
                #expect(refused.text.contains("GRAPHQL_VALIDATION_FAILED") && refused.text.contains("@live"), "\(refused.text)")
            }
        }
        await pool.shutdown()
    }
}

extension EventStreamTests {
    /// Counts the statements the service sends to PostgreSQL, by operation name.
    final class Statements: QueryObserver, @unchecked Sendable {
        private let lock = NSLock()
        private var sent: [String: Int] = [:]
        func statementFinished(_ event: StatementEvent) { lock.withLock { sent[event.operationName ?? "", default: 0] += 1 } }
        func count(_ operation: String) -> Int { lock.withLock { sent[operation] ?? 0 } }
    }

    @Test("subscribers asking the same share one execution per change; other variables are their own")
    func sharedExecution() async throws {
        let statements = Statements()
        let (service, answers, pool, database) = try await Self.liveService("live-shared", poolSize: 4, observer: statements)
        defer { answers.stop() }
        @Sendable func body(_ fund: String) -> String {
            #"{"query":"subscription Shared($code: String!) { fund(code: $code) { code name } }","operationName":"Shared","variables":{"code":"\#(fund)"}}"#
        }
        let metrics = ServerMetrics(logger: quietLogger, slowQueryThreshold: .seconds(60))
        try await withTestServer(service, metrics: metrics) { client in
            var streams: [EventStreamClient] = []
            defer { streams.forEach { $0.close() } }
            for _ in 0..<5 { streams.append(try await EventStreamClient.open(port: client.port, body: body("SME_DEVELOPMENT_FUND"))) }
            let other = try await EventStreamClient.open(port: client.port, body: body("BANK_CREDIT"))
            defer { other.close() }
            for stream in streams + [other] { #expect(try await stream.next(within: .seconds(10)) != nil) }
            let before = statements.count("Shared")
            // Both funds' rows change in one transaction: each of the two documents runs once for all its subscribers.
            try await ProjectDatabase.withConnection(database) {
                try $0.execute("UPDATE fund SET name = name || '（共用）' WHERE code IN ('SME_DEVELOPMENT_FUND', 'BANK_CREDIT')")
            }
            for stream in streams + [other] {
                let changed = try await stream.next(within: .seconds(3))
                #expect(changed?.contains("（共用）") == true, "\(changed ?? "nothing")")
            }
            #expect(statements.count("Shared") - before == 2, "executions for 6 subscribers of 2 requests: \(statements.count("Shared") - before)")
            #expect(service.liveQueriesRunning == 2)
            let exposition = String(decoding: try await client.metrics.send("GET", "/metrics").body, as: UTF8.self)
            #expect(exposition.contains("qunji_live_subscriptions 6") && exposition.contains("qunji_live_queries 2"),
                    "\(exposition.split(separator: "\n").filter { $0.contains("live") })")
            // When their clients go, the loops stop.
            for stream in streams + [other] { stream.close() }
            let deadline = ContinuousClock.now + .seconds(5)
            while service.liveQueriesRunning > 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
            #expect(service.liveQueriesRunning == 0)
        }
        await pool.shutdown()
    }
}

/// A minimal client of GraphQL-SSE's distinct connections mode: one request, then the events as they come.
final class EventStreamClient: @unchecked Sendable {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private(set) var completed = false

    private init(fd: Int32) { self.fd = fd }

    static func open(port: Int, body: String) async throws -> EventStreamClient {
        try await onOwnThread {
            let fd = try RawHTTPClient.connect(port: port)
            let head = "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Type: application/json\r\n"
                + "Accept: text/event-stream\r\nContent-Length: \(body.utf8.count)\r\n\r\n"
            try RawHTTPClient.writeAll(fd, Array(head.utf8) + Array(body.utf8))
            return EventStreamClient(fd: fd)
        }
    }

    private var closed = false
    /// Closes the connection once (a second call does nothing: the descriptor may name another file by then).
    func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(fd)
    }

    /// The data of the next `next` event (comments skipped), or nil when none came in time or the stream completed.
    func next(within limit: Duration) async throws -> String? {
        try await onOwnThread { self.readEvent(until: ContinuousClock.now + limit) }
    }

    private func readEvent(until deadline: ContinuousClock.Instant) -> String? {
        while true {
            if let end = blankLine() {
                let block = String(decoding: buffer[..<end], as: UTF8.self)
                buffer.removeFirst(end + 2)
                let lines = block.split(separator: "\n", omittingEmptySubsequences: false)
                let event = lines.first { $0.hasPrefix("event:") }.map { $0.dropFirst(6).trimmingCharacters(in: .whitespaces) }
                if event == "complete" { completed = true; return nil }
                if event == "next" {
                    return lines.filter { $0.hasPrefix("data:") }.map { String($0.dropFirst(5).drop { $0 == " " }) }.joined(separator: "\n")
                }
                continue  // a comment (keep-alive) or the response head
            }
            let left = deadline - ContinuousClock.now
            guard left > .zero else { return nil }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000)
            guard poll(&poller, 1, max(1, milliseconds)) > 0 else { return nil }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = recv(fd, &chunk, chunk.count, 0)
            guard count > 0 else { return nil }
            buffer += chunk[..<count]
            // Chunked transfer framing: the sizes are lines of hex digits between events; drop them as they come.
            buffer = Self.unchunk(buffer)
        }
    }

    /// The offset of the first blank line (`\n\n`), if any.
    private func blankLine() -> Int? {
        guard buffer.count >= 2 else { return nil }
        for index in 0..<(buffer.count - 1) where buffer[index] == 10 && buffer[index + 1] == 10 { return index }
        return nil
    }

    /// The bytes without CR and without lines holding only a chunk size (hex digits): what is left is the response head
    /// and the events' lines.
    static func unchunk(_ bytes: [UInt8]) -> [UInt8] {
        let text = String(decoding: bytes.filter { $0 != 13 }, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let partial = lines.removeLast()  // a line not ended yet is judged when it is
        lines.removeAll { line in !line.isEmpty && line.allSatisfy { $0.isHexDigit } && line.count <= 8 }
        return Array((lines + [partial]).joined(separator: "\n").utf8)
    }
}
