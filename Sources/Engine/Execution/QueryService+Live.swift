import Crypto
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
/// statement reads and the answer differs (by its SHA-256, so a live query keeps 32 bytes, not its last answer), at
/// most once an `interval` (``RequestLimits/liveInterval``). Every answer goes through `execute`, so the
/// answer cache and its invalidation serve it; subscribers of the same role, scope, document and variables share
/// one loop and so each database execution (``LiveFeeds``).
extension QueryService {
    /// Distinct live queries running now (each shared by all its subscribers): what the server's streams cost the
    /// database at most per change.
    public var liveQueriesRunning: Int { feeds.running }

    /// A subscription's or `@live` query's live answers; another query's or a mutation's one answer.
    public func stream(_ request: QueryRequest) -> AsyncStream<LiveEvent> {
        var streamed = request
        streamed.isLive = true
        let request = streamed
        return isLive(request) ? live(request, interval: limits.liveInterval) : oneAnswer(to: request)
    }

    /// The live answers to `request` (a subscription) until the caller stops iterating.
    ///
    /// - Parameters:
    ///   - interval: the least time between two executions.
    ///   - idle: after this long without an answer, an `.idle` event (transports send a keep-alive).
    public func live(_ request: QueryRequest, interval: Duration = .seconds(1), idle: Duration = .seconds(15)) -> AsyncStream<LiveEvent> {
        // No change feed: one answer.
        guard let answers else { return oneAnswer(to: request) }
        // Subscribers asking the same (role, region, text, variables) share one loop, so one execution per change.
        return feeds.stream(AnswerCache.key(for: request)) { self.ownLoop(request, answers: answers, interval: interval, idle: idle) }
    }

    /// One live query's loop: executions on changes, answers that differ.
    private func ownLoop(_ request: QueryRequest, answers: AnswerCaching, interval: Duration, idle: Duration) -> AsyncStream<LiveEvent> {
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
        let task = Task {
            defer {
                forward.cancel()
                ticks.cancel()
                continuation.finish()
            }
            let plan = (try? self.compiledStatement(for: request).get())?.sql
            // The last answer sent, as its SHA-256: 32 bytes per live query, whatever the answer's size.
            var last: SHA256.Digest?
            var lastAnswer = ContinuousClock.now
            var day = AnswerCache.todayInShanghai()
            var iterator = wakes.makeAsyncIterator()
            while !Task.isCancelled {
                let started = ContinuousClock.now
                let result = await self.execute(request)
                guard case .executed(let body, let code) = result else {
                    continuation.yield(.result(result))
                    return
                }
                let digest = SHA256.hash(data: body)
                if digest != last {
                    continuation.yield(.result(result))
                    last = digest
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

/// Live queries running, one per request (``AnswerCache/Key``: role, region, text, canonical variables): the first
/// subscriber starts the loop, later ones join it and get its last answer at once, and every answer and keep-alive goes
/// to all of them; the last to leave stops it. So a change costs one execution per distinct request, however many
/// dashboards watch it.
///
/// - Important: `@unchecked Sendable`: `feeds` and each feed's fields are touched only with `lock` held.
final class LiveFeeds: @unchecked Sendable {
    private final class Feed: @unchecked Sendable {
        var subscribers: [Int: AsyncStream<LiveEvent>.Continuation] = [:]
        var last: QueryResult?
        var nextID = 0
        var task: Task<Void, Never>?
        var ended = false
    }

    private let lock = NSLock()
    private var feeds: [AnswerCache.Key: Feed] = [:]

    /// Live queries with at least one subscriber.
    var running: Int { lock.withLock { feeds.count } }

    /// The events of the loop for `key`, started with `start` when none runs; no key (an explain request): a loop of
    /// its own.
    func stream(_ key: AnswerCache.Key?, start: @escaping @Sendable () -> AsyncStream<LiveEvent>) -> AsyncStream<LiveEvent> {
        guard let key else { return start() }
        let (stream, continuation) = AsyncStream.makeStream(of: LiveEvent.self, bufferingPolicy: .bufferingNewest(4))
        let (feed, id) = lock.withLock { () -> (Feed, Int) in
            let feed: Feed
            if let running = feeds[key] {
                feed = running
                if let last = feed.last { continuation.yield(.result(last)) }
            } else {
                feed = Feed()
                feeds[key] = feed
                // Started under the lock so that a second subscriber cannot start another; `start` only sets up
                // streams and tasks (it takes the change feed's lock, never this one).
                let upstream = start()
                feed.task = Task { [weak self] in
                    for await event in upstream { self?.broadcast(event, in: feed) }
                    self?.end(feed, key: key)
                }
            }
            let id = feed.nextID
            feed.nextID += 1
            feed.subscribers[id] = continuation
            return (feed, id)
        }
        continuation.onTermination = { [weak self] _ in self?.leave(feed, id: id, key: key) }
        return stream
    }

    private func broadcast(_ event: LiveEvent, in feed: Feed) {
        lock.withLock {
            if case .result(let result) = event { feed.last = result }
            for subscriber in feed.subscribers.values { subscriber.yield(event) }
        }
    }

    /// The loop ended (an answer with errors): its subscribers' streams end too.
    private func end(_ feed: Feed, key: AnswerCache.Key) {
        let subscribers = lock.withLock { () -> [AsyncStream<LiveEvent>.Continuation] in
            feed.ended = true
            if feeds[key] === feed { feeds[key] = nil }
            defer { feed.subscribers.removeAll() }
            return Array(feed.subscribers.values)
        }
        for subscriber in subscribers { subscriber.finish() }
    }

    private func leave(_ feed: Feed, id: Int, key: AnswerCache.Key) {
        let task = lock.withLock { () -> Task<Void, Never>? in
            feed.subscribers[id] = nil
            guard feed.subscribers.isEmpty, !feed.ended else { return nil }
            feed.ended = true
            if feeds[key] === feed { feeds[key] = nil }
            return feed.task
        }
        task?.cancel()
    }
}
