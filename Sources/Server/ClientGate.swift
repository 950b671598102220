import Foundation

/// Fair use of the database between clients: each client (an API key or token subject; an anonymous
/// client by its address) may have at most `limit` requests executing at once. Further requests wait, in
/// order, for one of its own to finish — at most `queueLimit` of them and for at most `maximumWait` —
/// and past either bound are answered `RATE_LIMITED` (HTTP 429, `Retry-After`).
///
/// Why per client and not only a pool: the pool is shared, so without this one client keeping sixteen
/// expensive requests in flight holds every connection, and everyone else waits or gets `DATABASE_BUSY`.
/// With it, such a client holds `limit` connections and the others are served from the rest.
///
/// Memory: a client's entry exists only while it has requests executing or waiting, so the map is
/// bounded by the requests in flight.
actor ClientGate {
    struct Refusal: Error, Equatable {
        /// Why, for the error message.
        let reason: String
    }

    private struct Client {
        var active = 0
        var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    }

    let limit: Int
    let queueLimit: Int
    let maximumWait: Duration
    private var clients: [String: Client] = [:]
    private var nextID: UInt64 = 0

    init(limit: Int, queueLimit: Int, maximumWait: Duration) {
        self.limit = max(1, limit)
        self.queueLimit = max(0, queueLimit)
        self.maximumWait = maximumWait
    }

    /// Runs `work` once the client has a free slot.
    func run<T: Sendable>(client key: String, _ work: @Sendable () async -> T) async throws -> T {
        try await enter(key)
        defer { leave(key) }
        return await work()
    }

    /// How many clients have requests executing or waiting (for tests and metrics).
    var clientCount: Int { clients.count }

    private func enter(_ key: String) async throws {
        var client = clients[key] ?? Client()
        if client.active < limit {
            client.active += 1
            clients[key] = client
            return
        }
        guard client.waiters.count < queueLimit else {
            throw Refusal(reason: "this client already has \(limit) requests running and \(queueLimit) waiting")
        }
        let id = nextID
        nextID += 1
        let wait = maximumWait
        // A timer refuses the waiter if no slot frees in time; a freed slot resumes it first.
        let timer = Task { [weak self] in
            try? await CancellableSleep.sleep(for: wait)
            await self?.expire(key, id)
        }
        defer { timer.cancel() }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                var client = clients[key] ?? Client()
                client.waiters.append((id, continuation))
                clients[key] = client
            }
        } onCancel: {
            Task { await self.expire(key, id, cancelled: true) }
        }
    }

    private func expire(_ key: String, _ id: UInt64, cancelled: Bool = false) {
        guard var client = clients[key], let index = client.waiters.firstIndex(where: { $0.id == id }) else { return }
        let waiter = client.waiters.remove(at: index)
        clients[key] = client
        waiter.continuation.resume(throwing: cancelled ? CancellationError() as any Error
                                   : Refusal(reason: "this client's requests waited \(maximumWait.components.seconds) s for one of its own to finish"))
    }

    private func leave(_ key: String) {
        guard var client = clients[key] else { return }
        if client.waiters.isEmpty {
            client.active -= 1
        } else {
            // The slot passes straight to the oldest waiter: `active` stays the same.
            client.waiters.removeFirst().continuation.resume()
        }
        clients[key] = client.active == 0 && client.waiters.isEmpty ? nil : client
    }
}
