import Engine
import Foundation
import Planner
@testable import Server
import Testing

/// `QunjiServer.run()` as production runs it: SIGTERM stops accepting connections, the request in flight
/// still gets its answer, then `run()` returns.
///
/// The test sends SIGTERM to its own process. That is safe only while a handler is installed: ServiceLifecycle
/// sets SIGTERM to "ignore" (and watches it with a dispatch source) before the server binds, and the signal is
/// sent after the server reported its port. The disposition stays "ignore" afterwards, so no other test in
/// this process may rely on SIGTERM's default action, and this is the only test that calls `run()`.
@Suite("Graceful shutdown")
struct GracefulShutdownTests {
    @Test("SIGTERM: no new connections, in-flight request finishes, run() returns")
    func sigterm() async throws {
        let gate = Gate()
        let executor = ScriptedExecutor { _ in
            await gate.wait()
            return .executed(body: Array(#"{"data":{"slow":true}}"#.utf8))
        }
        let server = QunjiServer(executor: executor, configuration: ServerConfiguration(host: "127.0.0.1", port: 0),
                                 logger: quietLogger)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let running = Task {
            try await server.run { port in
                continuation.yield(port)
                continuation.finish()
            }
        }
        let port = try #require(await ports.first { _ in true })
        let client = RawHTTPClient(port: port)

        async let slow = client.send("POST", "/graphql", headers: [("Content-Type", "application/json")],
                                     body: #"{"query":"{ slow }"}"#)
        try await waitFor("the request to reach the executor") { executor.received.count == 1 }

        kill(getpid(), SIGTERM)
        try await waitFor("the listening socket to close") {
            guard let fd = try? RawHTTPClient.connect(port: port) else { return true }
            close(fd)
            return false
        }

        await gate.open()
        let reply = try await slow
        #expect(reply.status == 200)
        #expect(reply.text == #"{"data":{"slow":true}}"#)
        try await running.value
    }

    private func waitFor(_ what: String, _ condition: @Sendable () async -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while await !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("timed out waiting for \(what)")
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

/// Holds callers of `wait()` until `open()`.
actor Gate {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func open() {
        isOpen = true
        waiters.forEach { $0.resume() }
        waiters.removeAll()
    }
}
