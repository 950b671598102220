import Foundation
import Planner

extension DocumentCache {
    /// A compilation in progress that other callers of the same text wait for.
    ///
    /// Waiting blocks the thread, also inside a task. That is safe: the compiling caller is
    /// already running synchronous code that depends on no other task, so it always finishes, and
    /// the wait lasts at most one parse and validation.
    ///
    /// - Important: `@unchecked Sendable` because `result` is accessed only with `condition`
    ///   locked.
    final class PendingCompilation: @unchecked Sendable {
        private let condition = NSCondition()
        private var result: CachedDocument?

        func fulfil(_ document: CachedDocument) {
            condition.lock()
            result = document
            condition.broadcast()
            condition.unlock()
        }

        func wait() -> CachedDocument {
            condition.lock()
            defer { condition.unlock() }
            while true {
                if let result { return result }
                condition.wait()
            }
        }
    }
}
