import Foundation
import Planner

/// Round-robin over the primary and its replicas.
///
/// - Important: `@unchecked Sendable` because `counter` is touched only with `lock` held.
final class ReplicaTurn: @unchecked Sendable {
    private let lock = NSLock()
    private var counter = 0

    func next(modulo count: Int) -> Int {
        lock.withLock {
            counter = (counter + 1) % max(1, count)
            return counter
        }
    }
}
