import Compiler
import Foundation
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
