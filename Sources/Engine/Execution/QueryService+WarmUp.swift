import Foundation
import GraphQL

/// Getting ready before saying so: the first requests after a start otherwise pay for lazy initialisation — new
/// PostgreSQL sessions (fork, authentication, empty catalog caches), Swift's first type and conformance look-ups and
/// GraphQL's validation rules run for the first time — measured at 35–60 ms on the dashboard's first view at scale 1
/// (BENCHMARKS.md, "The dashboard as a person loads it"). A load balancer waits for `/readyz`; so `isReady()` says
/// no until the warm-up is over.
extension QueryService {
    /// What the warm-up runs once, as the admin (whose schema has every field): validation with a variable and a
    /// fragment, an introspection field, a list with a filter, an order and a total, a related row, one statement. It reads
    /// the province's divisions only, never anything a client asked for.
    public static let warmUpOperation = """
        query QunjiWarmUp($first: Int!) {
          __type(name: "Prefecture") { name kind }
          prefectures(first: $first, orderBy: [{code: ASC}], where: {code: {in: ["520100", "520300"]}}) {
            totalCount nodes { ...Named counties(first: $first) { nodes { ...County } } }
          }
        }
        fragment Named on Prefecture { code name }
        fragment County on County { code name prefecture { code } }
        """

    /// Starts the warm-up in the background (once): the pool's connections are opened (`ConnectionPool.fill`), then
    /// ``warmUpOperation`` is answered through the whole pipeline. Until it ends, `isReady()` is false. A warm-up that
    /// fails (the database down) ends all the same; readiness then depends on the database, as always.
    public func startWarmUp() {
        warmUpState.start {
            await self.pool.fill()
            let request = QueryRequest(query: Self.warmUpOperation, variables: ["first": .number(1)],
                                       principal: Principal(role: .admin))
            if case .executed(_, let code) = await self.execute(request), let code {
                self.logger.warning("the warm-up operation did not answer cleanly", metadata: ["code": "\(code)"])
            }
        }
    }
}

/// Whether the warm-up is running. `@unchecked Sendable`: `task` and `finished` are touched only with `lock` held.
final class WarmUpState: @unchecked Sendable {
    private let lock = NSLock()
    private var task: Task<Void, Never>?
    private var finished = false

    /// Runs `work` in a task of its own, unless a warm-up was started before.
    func start(_ work: @escaping @Sendable () async -> Void) {
        lock.withLock {
            guard task == nil else { return }
            task = Task {
                await work()
                self.lock.withLock { self.finished = true }
            }
        }
    }

    /// True when no warm-up was started, or it has ended.
    var isOver: Bool {
        lock.withLock { task == nil || finished }
    }
}
