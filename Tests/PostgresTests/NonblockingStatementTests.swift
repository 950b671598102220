import Foundation
import Logging
@testable import Postgres
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Issue 18 §1: statements go through libpq in non-blocking mode, driven by the pool's socket reactor.
@Suite("Non-blocking statements")
struct NonblockingStatementTests {
    @Test("64 statements at once on a pool of 4 all answer, each its own; no blocking thread is ever started")
    func manyAtOnce() async throws {
        // A generous wait: the point is that every statement is answered, and the suite shares two cores with every test.
        let pool = ConnectionPool(configuration: try await freshDatabase("nbmany"), options: .init(size: 4, acquireTimeout: .seconds(60)),
                                  logger: testLogger)
        let answers = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
            for index in 0..<64 {
                group.addTask {
                    // Each waits a little on the server, so the 64 overlap and queue for the 4 connections.
                    let rows = try await pool.queryPrepared("SELECT $1::int * 2 FROM pg_sleep(0.01)", ["\(index)"], timeout: .seconds(30))
                    return (index, rows.scalar)
                }
            }
            return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        #expect(answers.count == 64)
        #expect(answers.allSatisfy { $0.value == "\($0.key * 2)" })
        #expect(await pool.statistics.open == 4)
        #expect(!pool.blockingThreadsStarted, "statements must not start the blocking threads")
        // A blocking body starts them, and shares the connections with statements.
        let viaBody = try await pool.withConnection { try $0.query("SELECT 'body'").scalar }
        #expect(viaBody == "body")
        #expect(pool.blockingThreadsStarted)
        #expect(try await pool.queryPrepared("SELECT 'statement again'").scalar == "statement again")
        await pool.shutdown()
    }

    @Test("an answer far larger than the socket buffers arrives whole, over many readiness events")
    func largeAnswer() async throws {
        let pool = ConnectionPool(configuration: try await freshDatabase("nblarge"), options: .init(size: 1), logger: testLogger)
        // Sizes well past the kernel's socket buffers, and no larger: the suite shares two cores with every test.
        let rows = try await pool.queryPrepared("SELECT repeat('界', 1500000) AS text")
        let text = try #require(rows[0, "text"])
        #expect(text.utf8.count == 4_500_000)
        #expect(text.hasPrefix("界界") && text.hasSuffix("界界"))
        let many = try await pool.query("SELECT g::text FROM generate_series(1, 50000) AS g")
        #expect(many.count == 50_000)
        #expect(many[49_999, 0] == "50000")
        await pool.shutdown()
    }

    @Test("a parameter far larger than the socket buffers is sent whole (the reactor waits for writability)")
    func largeParameter() async throws {
        let pool = ConnectionPool(configuration: try await freshDatabase("nbparam"), options: .init(size: 1), logger: testLogger)
        let big = String(repeating: "0123456789", count: 800_000)
        let rows = try await pool.queryPrepared("SELECT length($1::text)::text, right($1::text, 3)", [big])
        #expect(rows[0, 0] == "8000000")
        #expect(rows[0, 1] == "789")
        await pool.shutdown()
    }

    @Test("errors come back as on the blocking path: the first failing statement's SQLSTATE, and the connection stays")
    func errors() async throws {
        let pool = ConnectionPool(configuration: try await freshDatabase("nberrors"), options: .init(size: 1), logger: testLogger)
        let pid = try await pool.query("SELECT pg_backend_pid()::text").scalar
        let failed = await #expect(throws: PostgresError.self) { try await pool.queryPrepared("SELECT 1/0") }
        #expect(failed?.sqlState == "22012")
        let syntax = await #expect(throws: PostgresError.self) { try await pool.queryPrepared("SELEC 1") }
        #expect(syntax?.sqlState == "42601")
        #expect(try await pool.query("SELECT pg_backend_pid()::text").scalar == pid)
        await pool.shutdown()
    }

    @Test("connecting to a server that accepts TCP but never speaks ends at connect_timeout, and frees the slot")
    func silentServer() async throws {
        let listener = try SilentListener()
        defer { listener.close() }
        let configuration = try PostgresConfiguration(
            "host=127.0.0.1 port=\(listener.port) dbname=x user=x connect_timeout=1 sslmode=disable")
        let pool = ConnectionPool(configuration: configuration, options: .init(size: 1), logger: testLogger)
        let started = ContinuousClock.now
        let error = await #expect(throws: PostgresError.self) { try await pool.query("SELECT 1") }
        let elapsed = ContinuousClock.now - started
        guard case .connectionFailed(let message)? = error else {
            Issue.record("expected .connectionFailed, got \(String(describing: error))")
            return
        }
        #expect(message.contains("timeout"), "\(message)")
        #expect(elapsed >= .milliseconds(900) && elapsed < .seconds(10), "\(elapsed)")
        #expect(await pool.statistics.open == 0)
        await pool.shutdown()
    }
}

@Suite("Socket reactor")
struct SocketReactorTests {
    @Test("a watch fires once when its socket is ready, at its deadline when it is not, and .closed on shutdown")
    func events() async throws {
        let reactor = SocketReactor(name: "test-reactor")
        var created: [Int32] = [-1, -1]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &created) == 0)
        let pair = created
        defer { close(pair[0]); close(pair[1]) }
        // Writable at once; not readable until the other end writes.
        #expect(await reactor.wait(pair[0], for: .writable) == .ready)
        let start = ContinuousClock.now
        #expect(await reactor.wait(pair[0], for: .readable, until: start + .milliseconds(200)) == .timedOut)
        #expect(ContinuousClock.now - start >= .milliseconds(190))
        async let readable = reactor.wait(pair[0], for: .readable, until: ContinuousClock.now + .seconds(30))
        try await Task.sleep(for: .milliseconds(50))
        #expect(write(pair[1], "x", 1) == 1)
        #expect(await readable == .ready)
        // A socket the kernel cannot watch, and then a reactor that stopped.
        #expect(await reactor.wait(-1, for: .readable) == .closed)
        async let pending = reactor.wait(pair[1], for: .readable)
        try await Task.sleep(for: .milliseconds(50))
        reactor.shutdown()
        #expect(await pending == .closed)
        #expect(await reactor.wait(pair[0], for: .writable) == .closed)
    }
}

extension SocketReactor {
    /// Suspends until `socket` is ready for `interest` or `deadline` passes: one watch, as a test reads it.
    func wait(_ socket: Int32, for interest: Interest, until deadline: ContinuousClock.Instant? = nil) async -> Event {
        await withCheckedContinuation { continuation in
            watch(socket, for: interest, until: deadline) { continuation.resume(returning: $0) }
        }
    }
}

/// A TCP socket that listens and never accepts: the kernel completes the handshake, and nothing ever answers.
private struct SilentListener {
    let descriptor: Int32
    let port: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0, listen(descriptor, 8) == 0 else { throw POSIXError(.EADDRINUSE) }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() {
        _ = Glibc.close(descriptor)
    }
}
