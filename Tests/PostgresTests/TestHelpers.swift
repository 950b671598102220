import Foundation
import Logging
import Postgres
import TestSupport

/// Logger for connections made by these tests (swift-log's default handler when nobody bootstrapped).
let testLogger = Logger(label: "qunji.tests.postgres")

/// Runs blocking libpq work on a Dispatch thread so that tests running in parallel do not starve the
/// (two-thread) cooperative pool that the pool tests measure.
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(with: Result { try body() })
        }
    }
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
