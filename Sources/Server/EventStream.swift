import Engine
import Foundation
import Hummingbird
import Planner

/// GraphQL over Server-Sent Events, "distinct connections" mode of the GraphQL-SSE protocol (issue 21): a request to the
/// GraphQL endpoint accepting `text/event-stream` gets its answers as events on that one connection — `event: next` with
/// each answer (a subscription's live answers as they change, a query's or mutation's one answer), then
/// `event: complete`. For clients behind proxies that refuse WebSockets; the `graphql-sse` library speaks it.
enum EventStream {
    /// Whether `accept` asks for an event stream (and not first for JSON).
    static func isWanted(accept: String?) -> Bool {
        guard let accept else { return false }
        return accept.split(separator: ",").contains { $0.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() == "text/event-stream" }
    }

    /// The response: headers at once, then each event as the executor gives it, until the stream ends or the client
    /// goes. The client's close is noticed when it happens (`disconnect`), not at the next write, which for a quiet
    /// live query would be the keep-alive seconds later: its live query and its place among the client's streams are
    /// given up at once.
    static func response(_ events: AsyncStream<LiveEvent>, disconnect: DisconnectSignal?,
                         onEnd: @escaping @Sendable () -> Void) -> Response {
        var headers: HTTPFields = [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"]
        if let buffering = HTTPFields.Element.Name("X-Accel-Buffering") { headers[buffering] = "no" }
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            // The events pass through a stream of our own, which the client's close ends; ending the pump's iteration
            // ends the live query's stream, and so its subscription.
            let (passed, pass) = AsyncStream.makeStream(of: LiveEvent.self, bufferingPolicy: .bufferingNewest(4))
            let pump = Task {
                for await event in events { pass.yield(event) }
                pass.finish()
            }
            disconnect?.watch {
                pump.cancel()
                pass.finish()
            }
            defer {
                disconnect?.unwatch()
                pump.cancel()
                onEnd()
            }
            // A first comment opens the stream for clients and proxies that wait for bytes.
            try await writer.write(ByteBuffer(string: ": qunji\n\n"))
            for await event in passed {
                switch event {
                case .idle:
                    try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                case .result(let result):
                    try await writer.write(ByteBuffer(bytes: next(result)))
                }
            }
            try await writer.write(ByteBuffer(string: "event: complete\ndata:\n\n"))
            try await writer.finish(nil)
        })
    }

    /// `event: next` with the answer, each of its lines a `data:` line (PostgreSQL's JSON may hold line breaks).
    static func next(_ result: QueryResult) -> [UInt8] {
        let body: [UInt8]
        switch result {
        case .executed(let bytes, _): body = bytes
        case .rejected(let errors), .unavailable(let errors):
            body = Array(("{\"errors\":" + GraphQLResponseError.jsonArray(errors) + "}").utf8)
        case .notAllowedOverGET:
            body = Array(("{\"errors\":" + GraphQLResponseError.jsonArray([GraphQLResponseError(
                message: "Only queries and subscriptions can be sent with GET; send mutations with POST.", code: "METHOD_NOT_ALLOWED")]) + "}").utf8)
        }
        var out = Array("event: next\n".utf8)
        for line in body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            out += Array("data: ".utf8) + line + [UInt8(ascii: "\n")]
        }
        out.append(UInt8(ascii: "\n"))
        return out
    }
}

/// How many event streams each client (credential subject, or address) may hold open at once: a stream holds a
/// connection and a live query, so one client cannot hold them all.
///
/// - Important: `@unchecked Sendable`: `open` is touched only with `lock` held.
final class StreamGate: @unchecked Sendable {
    let limitPerClient: Int
    let limit: Int
    private let lock = NSLock()
    private var open: [String: Int] = [:]
    private var total = 0

    init(limitPerClient: Int = 16, limit: Int = 4096) {
        self.limitPerClient = limitPerClient
        self.limit = limit
    }

    /// Live operations open now, over both transports.
    var openCount: Int { lock.withLock { total } }

    /// Takes a place for `client`; nil when it got one, else why not, in words for the client.
    func enter(_ client: String) -> String? {
        lock.withLock {
            guard (open[client] ?? 0) < limitPerClient else {
                return "This client holds \(limitPerClient) live operations (subscriptions and @live queries) already; end one first."
            }
            guard total < limit else {
                return "The server holds its \(limit) live operations already; try again later, or load the answer once without a stream."
            }
            open[client, default: 0] += 1
            total += 1
            return nil
        }
    }

    func leave(_ client: String) {
        lock.withLock {
            guard let count = open[client] else { return }
            open[client] = count > 1 ? count - 1 : nil
            total -= 1
        }
    }
}
