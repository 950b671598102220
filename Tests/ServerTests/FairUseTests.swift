import Engine
import Foundation
import Planner
@testable import Server
import Testing

/// Fair use of the pool (issue 16 §4): a client may have a few requests executing; more wait briefly, then get
/// 429 `RATE_LIMITED`, while other clients are served at once.
@Suite("Fair use")
struct FairUseTests {
    static let json = ("Content-Type", "application/json")

    @Test("one client over its limit and queue gets 429 RATE_LIMITED with Retry-After; another client is served at once; none of them waits on the first")
    func perClientLimit() async throws {
        let running = Counter()
        let executor = ScriptedExecutor { request in
            await running.add(1)
            if request.query.contains("slow") { try? await Task.sleep(for: .milliseconds(1500)) }
            await running.add(-1)
            return .executed(body: Array(#"{"data":{}}"#.utf8))
        }
        var configuration = ServerConfiguration()
        configuration.maximumConcurrentPerClient = 2
        configuration.clientQueueLimit = 1
        configuration.clientMaximumWait = .seconds(5)
        configuration.trustedProxies = ["127.0.0.1"]
        // The latency bound is about this server, not the machine: on a machine busy with other suites the scenario
        // runs again (up to three times), and one run within the bound is the evidence; the statuses hold in every run.
        var latencies: [Duration] = []
        for _ in 0..<3 {
            let latency = try await withTestServer(executor, configuration: configuration) { client in
                // Client A (10.0.0.1 behind the trusted proxy) sends five slow requests at once: two run, one
                // waits, two are refused.
                let (replies, latency) = try await withThrowingTaskGroup(of: RawHTTPClient.Reply.self) { group in
                    for _ in 0..<5 {
                        group.addTask {
                            try await client.send("POST", "/graphql", headers: [Self.json, ("X-Forwarded-For", "203.0.113.9, 10.0.0.1")],
                                                  body: #"{"query":"{ slow }"}"#)
                        }
                    }
                    // Client B, meanwhile, is served without waiting for A's requests.
                    try await Task.sleep(for: .milliseconds(300))
                    let started = ContinuousClock.now
                    let other = try await client.send("POST", "/graphql", headers: [Self.json, ("X-Forwarded-For", "10.0.0.2")],
                                                      body: #"{"query":"{ fast }"}"#)
                    let latency = ContinuousClock.now - started
                    #expect(other.status == 200)
                    var all: [RawHTTPClient.Reply] = []
                    for try await reply in group { all.append(reply) }
                    return (all, latency)
                }
                let refused = replies.filter { $0.status == 429 }
                let served = replies.filter { $0.status == 200 }.count
                #expect(served == 3, "\(replies.map(\.status))")
                #expect(refused.count == 2)
                #expect(refused.allSatisfy { $0.firstErrorCode == "RATE_LIMITED" && $0.header("retry-after") == "1" }, "\(refused.map(\.text))")
                return latency
            }
            latencies.append(latency)
            if latency < .milliseconds(1000) { break }
        }
        #expect(latencies.contains { $0 < .milliseconds(1000) }, "client B waited for client A's requests in every run: \(latencies)")
    }

    @Test("the client key: a credential's subject, else the peer's address, else (behind a trusted proxy) the right-most untrusted X-Forwarded-For hop")
    func clientKeys() {
        let proxies: Set<String> = ["127.0.0.1", "10.9.9.9"]
        let key = GraphQLRoutes<ScriptedExecutor>.clientKey
        #expect(key(Principal(role: .analyst, subject: "key:zunyi"), "127.0.0.1", ["1.2.3.4"], proxies) == "key:zunyi")
        #expect(key(.anonymous, "192.0.2.7", ["1.2.3.4"], proxies) == "address:192.0.2.7", "an untrusted peer's header is ignored")
        #expect(key(.anonymous, "127.0.0.1", ["6.6.6.6, 1.2.3.4, 10.9.9.9"], proxies) == "address:1.2.3.4",
                "a hop the client wrote itself (6.6.6.6) cannot choose its key")
        #expect(key(.anonymous, "127.0.0.1", [], proxies) == "address:127.0.0.1")
    }

    @Test("ClientGate: slots pass to waiters in order; a waiter past the wait is refused; idle clients leave no entry")
    func gate() async throws {
        let gate = ClientGate(limit: 1, queueLimit: 2, maximumWait: .milliseconds(300))
        let order = Counter()
        async let first: Int = try gate.run(client: "a") {
            try? await Task.sleep(for: .milliseconds(100))
            return await order.add(1)
        }
        try await Task.sleep(for: .milliseconds(20))
        async let second: Int = try gate.run(client: "a") { await order.add(1) }
        #expect(try await first == 1)
        #expect(try await second == 2)
        // Held past the wait: the waiter is refused.
        async let holder: Int = try gate.run(client: "b") {
            try? await Task.sleep(for: .milliseconds(800))
            return 0
        }
        try await Task.sleep(for: .milliseconds(20))
        await #expect(throws: ClientGate.Refusal.self) { _ = try await gate.run(client: "b") { 1 } }
        _ = try await holder
        #expect(await gate.clientCount == 0)
    }
}

actor Counter {
    private var value = 0
    @discardableResult
    func add(_ amount: Int) -> Int {
        value += amount
        return value
    }
}
