import Foundation

/// Resumes a continuation exactly once, from whichever of several racing tasks gets there first.
///
/// - Important: `@unchecked Sendable` because its state is guarded by `lock`.
final class ResumeOnce<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, any Error>?
    private var pending: Result<T, any Error>?
    private var done = false

    func set(_ continuation: CheckedContinuation<T, any Error>) {
        let early: Result<T, any Error>? = lock.withLock {
            if let pending { return pending }
            self.continuation = continuation
            return nil
        }
        if let early { continuation.resume(with: early) }
    }

    /// Resumes with `result` if nothing did yet; returns whether this call did.
    @discardableResult
    func resume(_ result: Result<T, any Error>) -> Bool {
        let (first, target): (Bool, CheckedContinuation<T, any Error>?) = lock.withLock {
            guard !done else { return (false, nil) }
            done = true
            if let continuation {
                self.continuation = nil
                return (true, continuation)
            }
            pending = result
            return (true, nil)
        }
        target?.resume(with: result)
        return first
    }
}
