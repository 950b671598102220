import Foundation
import Logging
import Postgres
import TestSupport

/// Logger for connections made by these tests (swift-log's default handler when nobody bootstrapped).
let testLogger = Logger(label: "qunji.tests.postgres")

/// Runs blocking libpq work on a thread of its own (`ProjectDatabase.blocking`), so tests running in
/// parallel neither starve the cooperative pool the pool tests measure nor wait for libdispatch's
/// slowly growing worker pool, which Swift concurrency shares on Linux.
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await ProjectDatabase.blocking(body)
}

/// A new empty database on the shared test server (see `TestSupport.TestDatabase`).
func freshDatabase(_ label: String) async throws -> PostgresConfiguration {
    try await TestDatabase.shared.freshDatabase(label)
}

/// A connection to a new empty database; the caller closes it.
func freshConnection(_ label: String, logger: Logger = testLogger) async throws -> PostgresConnection {
    let configuration = try await freshDatabase(label)
    return try await onThread { try PostgresConnection.connect(configuration, logger: logger) }
}

/// Collects log messages in memory, so tests can see what reached the logger.
final class CapturedLogs: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [(level: Logger.Level, message: String)] = []

    func append(_ level: Logger.Level, _ message: String) {
        self.lock.lock()
        defer { self.lock.unlock() }
        self.entries.append((level, message))
    }

    var messages: [String] {
        self.lock.lock()
        defer { self.lock.unlock() }
        return self.entries.map(\.message)
    }

    func logger() -> Logger {
        var logger = Logger(label: "qunji.tests.captured") { _ in CapturingLogHandler(sink: self) }
        logger.logLevel = .trace
        return logger
    }
}

struct CapturingLogHandler: LogHandler {
    let sink: CapturedLogs
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        self.sink.append(event.level, event.message.description)
    }
}
