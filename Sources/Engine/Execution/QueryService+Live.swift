import Foundation
import GraphQL
import Planner

/// One event of a live query (issue 21): an answer to send, or a quiet moment in which a transport keeps its
/// connection alive.
public enum LiveEvent: Sendable {
    /// An answer: the first, or one that differs from the last sent (a complete response, as `execute` gives it).
    case result(QueryResult)
    /// Nothing to send for a while.
    case idle
}

/// Live queries: a subscription is answered at once, then again whenever a committed change touches a table its
/// statement reads and the answer differs, at most once an `interval`. Every answer goes through `execute`, so the
/// answer cache and its invalidation serve it; subscribers of the same role, scope, document and variables share
/// each database execution (``LiveFlights``).
extension QueryService {
    /// A subscription's or `@live` query's live answers; another query's or a mutation's one answer.
    public func stream(_ request: QueryRequest) -> AsyncStream<LiveEvent> {
        var streamed = request
        streamed.isLive = true
        let request = streamed
        return isLive(request) ? live(request) : oneAnswer(to: request)
    }

    /// The live answers to `request` (a subscription) until the caller stops iterating.
    ///
    /// - Parameters:
    ///   - interval: the least time between two executions.
    ///   - idle: after this long without an answer, an `.idle` event (transports send a keep-alive).
    public func live(_ request: QueryRequest, interval: Duration = .seconds(1), idle: Duration = .seconds(15)) -> AsyncStream<LiveEvent> {
        // No change feed: one answer.
        guard let answers else { return oneAnswer(to: request) }
        let (stream, continuation) = AsyncStream.makeStream(of: LiveEvent.self, bufferingPolicy: .bufferingNewest(4))
        // Wake-ups: a change (subscribed before the first read, so none is missed) or a tick.
        let (wakes, wake) = AsyncStream.makeStream(of: Wake.self, bufferingPolicy: .bufferingNewest(64))
        let changes = answers.changes.changes()
        let forward = Task {
            for await change in changes { wake.yield(.change(change)) }
        }
        let ticks = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: min(idle, .seconds(60)))
                wake.yield(.tick)
            }
        }
        let key = AnswerCache.key(for: request)
        let task = Task {
            defer {
                forward.cancel()
                ticks.cancel()
                continuation.finish()
            }
            let plan = (try? self.compiledStatement(for: request).get())?.sql
            var last: [UInt8]?
            var lastAnswer = ContinuousClock.now
            var day = AnswerCache.todayInShanghai()
            var iterator = wakes.makeAsyncIterator()
            while !Task.isCancelled {
                let started = ContinuousClock.now
                let result = await self.flights.run(key) { await self.execute(request) }
                guard case .executed(let body, let code) = result else {
                    continuation.yield(.result(result))
                    return
                }
                if body != last {
                    continuation.yield(.result(result))
                    last = body
                    lastAnswer = .now
                }
                // An answer with errors (the database failed, a limit) ends the subscription.
                if code != nil { return }
                // Wait for a change to what the statement reads, or midnight when it reads the day.
                var due = false
                while !due, !Task.isCancelled {
                    guard let next = await iterator.next() else { return }
                    switch next {
                    case .change(.unknown):
                        due = true
                    case .change(.table(let table)):
                        guard let plan, let uses = answers.cache.uses(of: plan) else { due = true; break }
                        due = uses.tables.contains(table)
                    case .tick:
                        let today = AnswerCache.todayInShanghai()
                        if today != day {
                            day = today
                            if let plan, let uses = answers.cache.uses(of: plan), !uses.readsClock { break }
                            due = true
                        } else if ContinuousClock.now - lastAnswer >= idle {
                            continuation.yield(.idle)
                            lastAnswer = .now
                        }
                    }
                }
                // At most once an interval: changes in between are answered together.
                let wait = started + interval - ContinuousClock.now
                if wait > .zero { try? await Task.sleep(for: wait) }
            }
        }
        continuation.onTermination = { _ in
            task.cancel()
            forward.cancel()
            ticks.cancel()
        }
        return stream
    }

    private enum Wake: Sendable {
        case change(ChangeFeed.Change)
        case tick
    }
}

/// Executions in flight, by request: a live query asking what another is already asking waits for that answer.
///
/// - Important: `@unchecked Sendable`: `running` is touched only with `lock` held.
final class LiveFlights: @unchecked Sendable {
    private let lock = NSLock()
    private var running: [AnswerCache.Key: Task<QueryResult, Never>] = [:]

    func run(_ key: AnswerCache.Key?, _ work: @escaping @Sendable () async -> QueryResult) async -> QueryResult {
        guard let key else { return await work() }
        let (task, owner) = lock.withLock { () -> (Task<QueryResult, Never>, Bool) in
            if let running = running[key] { return (running, false) }
            let task = Task { await work() }
            running[key] = task
            return (task, true)
        }
        let result = await task.value
        if owner { lock.withLock { running[key] = nil } }
        return result
    }
}
