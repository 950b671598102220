import Foundation

/// The committed changes as the server hears them, handed to every live query waiting for one (issue 21): a table
/// named by a notification (or by a mutation of this server, before its notification arrives), or "something may
/// have changed" when the notifications were lost and are back.
///
/// - Important: `@unchecked Sendable`: `waiters` is touched only with `lock` held.
public final class ChangeFeed: @unchecked Sendable {
    public enum Change: Sendable, Equatable {
        case table(String)
        /// Notifications were lost (or start): any table may have changed.
        case unknown
    }

    private let lock = NSLock()
    private var waiters: [UUID: AsyncStream<Change>.Continuation] = [:]

    public init() {}

    /// A stream of the changes from now on, until the caller stops iterating it (or its task is cancelled).
    public func changes() -> AsyncStream<Change> {
        let id = UUID()
        let (stream, continuation) = AsyncStream.makeStream(of: Change.self, bufferingPolicy: .bufferingNewest(256))
        continuation.onTermination = { [weak self] _ in
            guard let self else { return }
            _ = self.lock.withLock { self.waiters.removeValue(forKey: id) }
        }
        lock.withLock { waiters[id] = continuation }
        return stream
    }

    public func publish(_ change: Change) {
        let targets = lock.withLock { Array(waiters.values) }
        for target in targets { target.yield(change) }
    }

    /// Live queries waiting now (for metrics and tests).
    public var listeners: Int { lock.withLock { waiters.count } }
}
