import Dispatch
import Foundation

/// Waits for SIGINT or SIGTERM without letting either kill the process, so the command can shut its
/// PostgreSQL down cleanly first.
enum SignalWaiter {
    static func waitForTermination() async -> String {
        await withCheckedContinuation { (continuation: CheckedContinuation<String, Never>) in
            let queue = DispatchQueue(label: "qunji.signals")
            let state = SignalState(continuation)
            for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler { state.fire(name) }
                source.resume()
                state.keep(source)
            }
        }
    }

    /// Resumes the continuation once, keeps the sources alive; touched only on `qunji.signals`.
    private final class SignalState: @unchecked Sendable {
        private var continuation: CheckedContinuation<String, Never>?
        private var sources: [DispatchSourceSignal] = []

        init(_ continuation: CheckedContinuation<String, Never>) {
            self.continuation = continuation
        }

        func keep(_ source: DispatchSourceSignal) {
            sources.append(source)
        }

        func fire(_ name: String) {
            continuation?.resume(returning: name)
            continuation = nil
            sources.forEach { $0.cancel() }
        }
    }
}
