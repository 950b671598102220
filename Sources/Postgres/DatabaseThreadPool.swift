import Foundation
import NIOPosix

/// The threads on which `ConnectionPool.withConnection` bodies make their blocking libpq calls (administration:
/// migrations, COPY, transactions). Statements block no thread (see `ConnectionPool+Statements`).
///
/// One thread per connection, so that `size` bodies really run at once (`NIOThreadPool.singleton` has only one
/// thread per core). The threads start with the first body, so a server that only answers queries never starts
/// them. `shutdown()` must be called before the last reference goes away (`ConnectionPool.shutdown()` does).
///
/// - Important: `@unchecked Sendable` because `started` is guarded by `lock`.
final class DatabaseThreadPool: @unchecked Sendable {
    private let threads: NIOThreadPool
    private let lock = NSLock()
    private var started = false

    init(numberOfThreads: Int) {
        self.threads = NIOThreadPool(numberOfThreads: numberOfThreads)
    }

    /// Whether a body has run, so the threads exist.
    var isStarted: Bool {
        lock.withLock { started }
    }

    /// Runs `work` on one of the threads, starting them first if none ran yet.
    ///
    /// - Throws: `CancellationError` when the calling task was cancelled before `work` started, or
    ///   the pool is shutting down; `work` has then *not* run.
    func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async throws -> T {
        lock.withLock {
            if !started {
                started = true
                threads.start()
            }
        }
        return try await self.threads.runIfActive(work)
    }

    /// Lets running work finish, drops queued work (its callers get `CancellationError`), stops the threads.
    func shutdown() async {
        guard isStarted else { return }
        do {
            try await self.threads.shutdownGracefully()
        } catch {
            // Only perpetual pools refuse to shut down; ours is not one.
        }
    }

    /// For deinit paths that cannot await.
    func shutdownInBackground() {
        guard isStarted else { return }
        self.threads.shutdownGracefully { _ in }
    }
}
