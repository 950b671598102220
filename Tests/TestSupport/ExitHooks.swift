import Foundation

/// Work to do when the test process exits: stop the PostgreSQL servers it started, delete their folders.
///
/// Swift Testing has no "after all tests" hook, and a server left running would outlive the test process
/// and keep its port and memory. `atexit` runs on every normal exit of the test runner; hooks run in reverse
/// order of registration (servers stop before their folders are deleted) and must be synchronous.
enum ExitHooks {
    private static let registry = Registry()

    /// Registers `hook`; the first call also installs the `atexit` handler.
    static func add(_ hook: @escaping @Sendable () -> Void) {
        registry.add(hook)
    }

    private final class Registry: @unchecked Sendable {
        // `hooks` and `installed` are only touched while holding `lock`.
        private let lock = NSLock()
        private var hooks: [@Sendable () -> Void] = []
        private var installed = false

        func add(_ hook: @escaping @Sendable () -> Void) {
            let install: Bool = lock.withLock {
                hooks.append(hook)
                defer { installed = true }
                return !installed
            }
            if install {
                atexit { ExitHooks.registry.runAll() }
            }
        }

        /// Takes the hooks out under the lock, then runs them without it (a hook may take a while).
        func runAll() {
            let pending: [@Sendable () -> Void] = lock.withLock {
                defer { hooks.removeAll() }
                return hooks
            }
            for hook in pending.reversed() { hook() }
        }
    }
}
