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

    /// One sleep's state: not started yet, sleeping (the continuation to resume once, the timer to cancel), or over.
    private final class Wait: @unchecked Sendable {
        private enum State {
            case notStarted
            case sleeping(CheckedContinuation<Void, any Error>, Scheduled<Void>?)
            /// Over: nil when the time passed, else why it ended early (cancelled before it started, say).
            case over((any Error)?)
        }

        private let lock = NSLock()
        private var state = State.notStarted

        func start(_ continuation: CheckedContinuation<Void, any Error>, schedule: () -> Scheduled<Void>) {
            lock.lock()
            guard case .notStarted = state else {
                let ended: (any Error)?
                if case .over(let error) = state { ended = error } else { ended = nil }
                lock.unlock()
                resume(continuation, ended)
                return
            }
            // Scheduled under the lock, so a cancellation arriving now waits and then finds the timer to cancel.
            state = .sleeping(continuation, schedule())
            lock.unlock()
        }

        /// Ends the sleep (nil: the time passed); later calls do nothing.
        func finish(_ error: (any Error)?) {
            lock.lock()
            let previous = state
            if case .over = previous {
                lock.unlock()
                return
            }
            state = .over(error)
            lock.unlock()
            if case .sleeping(let continuation, let timer) = previous {
                timer?.cancel()
                resume(continuation, error)
            }
        }

        private func resume(_ continuation: CheckedContinuation<Void, any Error>, _ error: (any Error)?) {
            if let error { continuation.resume(throwing: error) } else { continuation.resume() }
        }
    }
}
