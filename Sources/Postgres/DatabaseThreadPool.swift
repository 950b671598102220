import NIOPosix

/// The threads on which pooled connections do their blocking libpq calls.
///
/// One thread per connection: `NIOThreadPool.singleton` has only as many threads as cores, which
/// would let a pool of 16 connections run 2 queries at a time. Started in `init`; `shutdown()` must be
/// called before the last reference goes away (`ConnectionPool.shutdown()` does).
final class DatabaseThreadPool: Sendable {
    private let threads: NIOThreadPool

    init(numberOfThreads: Int) {
        self.threads = NIOThreadPool(numberOfThreads: numberOfThreads)
        self.threads.start()
    }

    /// Runs `work` on one of the threads.
    ///
    /// - Throws: `CancellationError` when the calling task was cancelled before `work` started, or
    ///   the pool is shutting down; `work` has then *not* run.
    func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async throws -> T {
        try await self.threads.runIfActive(work)
    }

    /// Lets running work finish, drops queued work (its callers get `CancellationError`), stops the threads.
    func shutdown() async {
        do {
            try await self.threads.shutdownGracefully()
        } catch {
            // Only perpetual pools refuse to shut down; ours is not one.
        }
    }

    /// For deinit paths that cannot await.
    func shutdownInBackground() {
        self.threads.shutdownGracefully { _ in }
    }
}
