import Foundation
import NIOCore
import NIOPosix

/// Sleeps until a duration has passed or the task is cancelled, whichever comes first, leaving nothing behind when
/// cancelled.
///
/// Why not `Task.sleep`: on Linux a cancelled `Task.sleep` resumes at once, but its timer stays queued in the global
/// executor until the original deadline, holding its memory. A per-request deadline of 10 s (the body timeout) then
/// kept every request's timer alive for 10 s: at 25,000 requests a second, the server grew by about 200 MB
/// (BENCHMARKS.md, issue 18). NIO's scheduled tasks are removed from their event loop's queue when cancelled.
enum CancellableSleep {
    /// Returns when `duration` has passed; throws `CancellationError` as soon as the task is cancelled.
    static func sleep(for duration: Duration, on loop: any EventLoop = MultiThreadedEventLoopGroup.singleton.any()) async throws {
        let wait = Wait()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let (seconds, attoseconds) = duration.components
                let nanoseconds = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
                wait.start(continuation) {
                    loop.scheduleTask(in: .nanoseconds(max(0, nanoseconds))) { wait.finish(nil) }
                }
            }
        } onCancel: {
            wait.finish(CancellationError())
        }
    }

    /// One sleep's state: the continuation to resume once, and the timer to cancel.
    private final class Wait: @unchecked Sendable {
        private let lock = NSLock()
        private var continuation: CheckedContinuation<Void, any Error>?
        private var timer: Scheduled<Void>?
        /// Set when cancelled before the continuation was registered.
        private var early: (any Error)??

        func start(_ continuation: CheckedContinuation<Void, any Error>, schedule: () -> Scheduled<Void>) {
            lock.lock()
            if let early {
                lock.unlock()
                if let error = early { continuation.resume(throwing: error) } else { continuation.resume() }
                return
            }
            self.continuation = continuation
            timer = schedule()
            lock.unlock()
        }

        /// Ends the sleep (nil: the time passed); later calls do nothing.
        func finish(_ error: (any Error)?) {
            lock.lock()
            guard let continuation else {
                if early == nil { early = .some(error) }
                lock.unlock()
                return
            }
            self.continuation = nil
            let timer = self.timer
            self.timer = nil
            early = .some(error)
            lock.unlock()
            timer?.cancel()
            if let error { continuation.resume(throwing: error) } else { continuation.resume() }
        }
    }
}
