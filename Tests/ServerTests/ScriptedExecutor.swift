import Engine
import Foundation
import Planner

/// A stand-in for the compiler's `QueryService` in HTTP-layer tests: it answers each request with whatever
/// `script` returns and records what it was given. It replaces the GraphQL executor, not the database: these
/// tests are about status codes, media types and request parsing, which do not depend on what the executor
/// computes.
final class ScriptedExecutor: GraphQLExecuting, @unchecked Sendable {
    // `requests` and `ready` are only touched while holding `lock`.
    private let lock = NSLock()
    private var requests: [QueryRequest] = []
    private var ready: Bool
    private let script: @Sendable (QueryRequest) async -> QueryResult

    init(ready: Bool = true, script: @escaping @Sendable (QueryRequest) async -> QueryResult) {
        self.ready = ready
        self.script = script
    }

    /// Always answers `.executed(body)`.
    convenience init(body: String) {
        self.init { _ in .executed(body: Array(body.utf8)) }
    }

    func execute(_ request: QueryRequest) async -> QueryResult {
        lock.withLock { requests.append(request) }
        return await script(request)
    }

    func isReady() async -> Bool {
        lock.withLock { ready }
    }

    func setReady(_ value: Bool) {
        lock.withLock { ready = value }
    }

    /// The requests executed so far, in order.
    var received: [QueryRequest] {
        lock.withLock { requests }
    }
}
