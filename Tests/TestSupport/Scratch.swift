import EmbeddedPostgres
import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Folders for the servers a test process starts: all under `/tmp/qunji-test-<pid>`, deleted at exit.
///
/// `/tmp` rather than `$TMPDIR` because, when tests run as root, the servers run as the `postgres` user, and
/// that user must be able to enter every parent folder; `/tmp` is world-traversable on every Unix.
public enum Scratch {
    /// This process's scratch root, created (and scheduled for deletion) on first use.
    public static var root: String { state.root }

    /// A new, empty folder path under the root, unique within this process (e.g. `…/private-3`). The folder
    /// itself is not created: `EmbeddedPostgres` creates data folders with the owner and mode it needs.
    public static func newFolder(_ label: String) -> String {
        "\(state.root)/\(label)-\(state.nextNumber())"
    }

    /// A new folder under the root, created, for a test's files.
    public static func newDirectory(_ label: String) throws -> URL {
        let url = URL(fileURLWithPath: newFolder(label))
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private static let state = State()

    private final class State: Sendable {
        let root: String
        private let counter = Counter()

        init() {
            let root = "/tmp/qunji-test-\(getpid())"
            self.root = root
            Scratch.removeLeftoversOfDeadProcesses()
            try? FileManager.default.createDirectory(
                atPath: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
            // Registered before any server's stop hook, so it runs after all of them.
            ExitHooks.add { try? FileManager.default.removeItem(atPath: root) }
        }

        func nextNumber() -> Int { counter.next() }
    }

    /// A crashed or killed test process leaves its servers running; stop them and delete their folders when
    /// the process that made them is gone (`kill(pid, 0)` reports ESRCH).
    private static func removeLeftoversOfDeadProcesses() {
        let files = FileManager.default
        guard let names = try? files.contentsOfDirectory(atPath: "/tmp") else { return }
        for name in names where name.hasPrefix("qunji-test-") {
            guard let pid = Int32(name.dropFirst("qunji-test-".count)), pid != getpid(),
                  kill(pid, 0) != 0, errno == ESRCH
            else { continue }
            let folder = "/tmp/\(name)"
            if let installation = try? PostgresInstallation.locate(),
               let servers = try? files.contentsOfDirectory(atPath: folder) {
                for server in servers where files.fileExists(atPath: "\(folder)/\(server)/data/PG_VERSION") {
                    let embedded = EmbeddedPostgres(
                        options: .init(dataDirectory: "\(folder)/\(server)/data"),
                        installation: installation, logger: TestLogging.logger)
                    try? embedded.stop()
                }
            }
            try? files.removeItem(atPath: folder)
        }
    }
}

/// A thread-safe counter for unique names.
final class Counter: @unchecked Sendable {
    // `value` is only touched while holding `lock`.
    private let lock = NSLock()
    private var value = 0

    func next() -> Int {
        lock.withLock {
            value += 1
            return value
        }
    }
}

/// The logger test helpers hand to servers and pools: notices and worse only, so test output stays readable.
public enum TestLogging {
    public static var logger: Logger {
        var logger = Logger(label: "qunji.tests")
        logger.logLevel = .notice
        return logger
    }
}
