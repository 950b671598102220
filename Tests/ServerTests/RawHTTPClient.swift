import Foundation
#if canImport(Glibc)
import Glibc

private let systemConnect = Glibc.connect
private let streamSocket = Int32(SOCK_STREAM.rawValue)
#elseif canImport(Darwin)
import Darwin

private let systemConnect = Darwin.connect
private let streamSocket = SOCK_STREAM
#endif

/// A minimal HTTP/1.1 client over a plain socket, so tests control every header byte: URLSession adds
/// `Accept`, `Content-Type` and `Accept-Encoding` on its own, and the GraphQL-over-HTTP rules depend on
/// exactly those. One request per connection (`Connection: close`), response read until EOF.
///
/// Blocking socket calls run on a thread of their own (see `onOwnThread`).
struct RawHTTPClient {
    let port: Int
    /// The server's metrics listener, when it has one.
    var metricsPort: Int? = nil

    /// A client of the metrics listener.
    var metrics: RawHTTPClient {
        get throws {
            guard let metricsPort else { throw Failure(description: "the server has no metrics listener") }
            return RawHTTPClient(port: metricsPort)
        }
    }

    struct Reply: CustomStringConvertible {
        var status: Int
        /// Header names lower-cased, in order received.
        var headers: [(name: String, value: String)]
        var body: [UInt8]

        func header(_ name: String) -> String? {
            let values = headers.filter { $0.name == name.lowercased() }.map(\.value)
            return values.isEmpty ? nil : values.joined(separator: ", ")
        }

        var text: String { String(decoding: body, as: UTF8.self) }

        /// The body parsed with Foundation (for structural checks only).
        var json: Any? { try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) }

        /// `errors[0].extensions.code`, if the body has one.
        var firstErrorCode: String? {
            guard let object = json as? [String: Any], let errors = object["errors"] as? [[String: Any]],
                let extensions = errors.first?["extensions"] as? [String: Any]
            else { return nil }
            return extensions["code"] as? String
        }

        var description: String { "\(status) \(headers) \(text)" }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Sends `method target` with exactly `headers` (plus Host, Connection: close and, when there is a body,
    /// Content-Length unless `headers` has one) and returns the parsed reply.
    func send(_ method: String, _ target: String, headers: [(String, String)] = [], body: [UInt8]? = nil) async throws -> Reply {
        let port = self.port
        return try await onOwnThread {
            try Self.exchange(port: port, method: method, target: target, headers: headers, body: body)
        }
    }

    func send(_ method: String, _ target: String, headers: [(String, String)] = [], body: String) async throws -> Reply {
        try await send(method, target, headers: headers, body: Array(body.utf8))
    }

    /// Connects and returns the socket; used to hold a connection open.
    static func connect(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, streamSocket, 0)
        guard fd >= 0 else { throw Failure(description: "socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                systemConnect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(fd)
            throw Failure(description: "connect to 127.0.0.1:\(port) failed (errno \(errno))")
        }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    private static func exchange(port: Int, method: String, target: String, headers: [(String, String)],
                                 body: [UInt8]?) throws -> Reply {
        let fd = try connect(port: port)
        defer { close(fd) }
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        let framed = headers.contains { ["content-length", "transfer-encoding"].contains($0.0.lowercased()) }
        if let body, !framed {
            head += "Content-Length: \(body.count)\r\n"
        }
        head += "\r\n"
        do {
            try writeAll(fd, Array(head.utf8) + (body ?? []))
        } catch {
            // A server may answer an oversized body early (413) and stop reading it: read what it said.
        }
        return try parse(readResponse(fd, method: method))
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            // send with MSG_NOSIGNAL: a peer that closed must not raise SIGPIPE in the test process.
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw Failure(description: "write failed (errno \(errno))") }
            offset += written
        }
    }

    /// Reads one response: until its Content-Length or last chunk is in, or until EOF when it has neither.
    /// (Not simply until EOF: a server may keep the connection open after answering.)
    static func readResponse(_ fd: Int32, method: String) throws -> [UInt8] {
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            if isComplete(received, method: method) { return received }
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count == 0 { return received }
            guard count > 0 else {
                // The server may reset after answering an oversized body it did not read: keep what came.
                if !received.isEmpty { return received }
                throw Failure(description: "read failed (errno \(errno))")
            }
            received.append(contentsOf: chunk[0..<count])
        }
    }

    private static func isComplete(_ bytes: [UInt8], method: String) -> Bool {
        guard let reply = try? parse(bytes), let headEnd = headEnd(bytes) else { return false }
        if method == "HEAD" || reply.status == 204 || reply.status == 304 { return true }
        let bodyBytes = bytes.count - headEnd - 4
        if let length = reply.header("content-length").flatMap({ Int($0) }) { return bodyBytes >= length }
        if reply.header("transfer-encoding")?.lowercased().contains("chunked") == true {
            return bytes.suffix(5).elementsEqual(Array("0\r\n\r\n".utf8))
        }
        return false
    }

    private static func headEnd(_ bytes: [UInt8]) -> Int? {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        return bytes.indices.first { bytes[$0...].starts(with: separator) }
    }

    /// Parses status line, headers and a Content-Length or chunked body.
    static func parse(_ bytes: [UInt8]) throws -> Reply {
        guard let headEnd = headEnd(bytes) else {
            throw Failure(description: "no complete response head in \(bytes.count) bytes")
        }
        let lines = String(decoding: bytes[..<headEnd], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
            throw Failure(description: "bad status line \(lines[0])")
        }
        var headers: [(String, String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((line[..<colon].lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var body = Array(bytes[(headEnd + 4)...])
        if headers.contains(where: { $0.0 == "transfer-encoding" && $0.1.lowercased().contains("chunked") }) {
            body = try dechunk(body)
        } else if let length = headers.first(where: { $0.0 == "content-length" }).flatMap({ Int($0.1) }) {
            body = Array(body.prefix(length))
        }
        return Reply(status: status, headers: headers, body: body)
    }

    private static func dechunk(_ bytes: [UInt8]) throws -> [UInt8] {
        var result: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard let lineEnd = (index..<bytes.count - 1).first(where: { bytes[$0] == 13 && bytes[$0 + 1] == 10 }),
                let size = Int(String(decoding: bytes[index..<lineEnd], as: UTF8.self).split(separator: ";")[0], radix: 16)
            else { throw Failure(description: "bad chunk") }
            if size == 0 { break }
            result.append(contentsOf: bytes[(lineEnd + 2)..<(lineEnd + 2 + size)])
            index = lineEnd + 2 + size + 2
        }
        return result
    }
}

/// Runs blocking work on a new thread and awaits its result.
///
/// Not `DispatchQueue.global()`: on Linux, Swift concurrency's executor is built on the same libdispatch
/// worker pool, which grows only about one thread per second when workers block. Tests blocking GCD threads
/// in reads therefore stalled the servers they were talking to (seconds per request under parallel tests).
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try body() })
        }
        thread.start()
    }
}
