import Engine
import Foundation
import Planner
@testable import Server
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A client that goes away mid-request (issue 6 §4): the request's task is cancelled, which cancels its statement.
@Suite("Client disconnect")
struct DisconnectTests {
    @Test("closing the connection cancels the executing request")
    func disconnectCancels() async throws {
        let seen = CancellationProbe()
        let executor = ScriptedExecutor { _ in
            do {
                try await Task.sleep(for: .seconds(10))
                seen.set("finished")
            } catch {
                seen.set("cancelled")
            }
            return .executed(body: Array(#"{"data":{}}"#.utf8))
        }
        try await withTestServer(executor) { client in
            try await onOwnThread {
                let fd = try RawHTTPClient.connect(port: client.port)
                let body = #"{"query":"{ a }"}"#
                let request = "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
                try RawHTTPClient.writeAll(fd, Array(request.utf8))
                Thread.sleep(forTimeInterval: 0.3)
                close(fd)
            }
            for _ in 0..<50 where seen.value == nil { try await Task.sleep(for: .milliseconds(100)) }
            // Checked while the server still runs: only the disconnect can have cancelled it.
            #expect(seen.value == "cancelled")
        }
    }
}

final class CancellationProbe: @unchecked Sendable {
    private let lock = NSLock()
    private var state: String?
    var value: String? { lock.withLock { state } }
    func set(_ value: String) { lock.withLock { if state == nil { state = value } } }
}

/// A client that trickles its body (issue 16 §8): one byte at a time keeps the connection's idle timer from
/// firing, so the body has a deadline of its own.
@Suite("Slow bodies")
struct SlowBodyTests {
    @Test("a body trickled one byte at a time gets 408 REQUEST_TIMEOUT at the body deadline and the connection is closed; the executor never runs")
    func trickledBody() async throws {
        let executor = ScriptedExecutor(body: #"{"data":{}}"#)
        var configuration = ServerConfiguration()
        configuration.bodyTimeout = .seconds(1)
        // The deadline is about this server, not the machine: on a machine busy with other suites the trickle runs again
        // (up to three times), and one run answered well before the body could have arrived is the evidence.
        var times: [Double] = []
        for _ in 0..<3 {
            let elapsed = try await withTestServer(executor, configuration: configuration) { client in
                let (reply, elapsed, closed) = try await onOwnThread { () throws -> (RawHTTPClient.Reply, Double, Bool) in
                    let fd = try RawHTTPClient.connect(port: client.port)
                    defer { close(fd) }
                    let started = Date()
                    let head = "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n"
                    try RawHTTPClient.writeAll(fd, Array(head.utf8))
                    // One byte every 200 ms: well within any idle timeout, far too slow for the body deadline.
                    var answered = false
                    // (A body of 70 bytes: 14 s of trickling, time for a busy machine's server to answer first.)
                    for byte in Array(#"{"query":"{ a }","variables":{},"extensions":{},"operationName":null}"#.utf8) {
                        var pending = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                        if poll(&pending, 1, 200) > 0 { answered = true; break }
                        guard (try? RawHTTPClient.writeAll(fd, [byte])) != nil else { answered = true; break }
                    }
                    #expect(answered, "the server answered before the client had sent its body")
                    let bytes = try RawHTTPClient.readResponse(fd, method: "POST")
                    let elapsed = Date().timeIntervalSince(started)
                    // After the answer the server closes the connection: the next read sees EOF (or a reset).
                    var probe = [UInt8](repeating: 0, count: 16)
                    var closed = false
                    for _ in 0..<20 {
                        let count = probe.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                        if count <= 0 { closed = true; break }
                    }
                    return (try RawHTTPClient.parse(bytes), elapsed, closed)
                }
                #expect(reply.status == 408, "\(reply)")
                #expect(reply.firstErrorCode == "REQUEST_TIMEOUT", "\(reply.text)")
                #expect(elapsed >= 0.9, "answered after \(elapsed) s")
                #expect(closed, "the connection is closed after the 408")
                return elapsed
            }
            times.append(elapsed)
            if elapsed < 4 { break }
        }
        #expect(times.contains { $0 < 4 }, "answered after \(times) s")
        #expect(executor.received.isEmpty)
    }
}
