import Auth
import Engine
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import Planner

/// GraphQL over WebSocket with the `graphql-transport-ws` protocol (issue 21 §1), the one the `graphql-ws` library and
/// current Apollo, urql and Python `gql` clients speak, on the GraphQL endpoint: `connection_init` carries the credentials
/// (`{"Authorization": "Bearer qj_…"}`), then any number of `subscribe` messages, each answered by `next` messages as
/// its live answers change (``QueryService/live``) and `complete`. Pings are answered with pongs, and a quiet
/// subscription sends a ping.
///
/// Close codes as the protocol defines them: 4400 a message that is not one of the protocol's, 4401 a subscription
/// before `connection_ack`, 4403 refused credentials, 4408 no `connection_init` within 10 seconds, 4409 a subscription
/// id already in use, 4429 a second `connection_init`. A client over its streams (``StreamGate``) gets an `error`
/// message for that subscription, with `extensions.code` RATE_LIMITED.
struct GraphQLWebSocket<Executor: GraphQLExecuting>: Sendable {
    static var subprotocol: String { "graphql-transport-ws" }

    let executor: Executor
    let authenticator: Authenticator
    let streams: StreamGate
    let path: String
    let trustedProxies: Set<String>
    let logger: Logger
    var initTimeout: Duration = .seconds(10)
    /// Messages larger than this close the connection (a subscription's text and variables are far smaller).
    var maximumMessageBytes = 1 << 20

    /// Upgrades a request to the GraphQL path that offers the protocol; anything else stays HTTP.
    func shouldUpgrade(_ request: HTTPRequest, channel: any Channel) -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>> {
        let target = request.path.map { $0.split(separator: "?", maxSplits: 1).first.map(String.init) ?? $0 }
        let offered = request.headerFields[values: .secWebSocketProtocol].flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard target == path, offered.contains(Self.subprotocol) else { return .dontUpgrade }
        let peer = channel.remoteAddress?.ipAddress
        return .upgrade([.secWebSocketProtocol: Self.subprotocol]) { inbound, outbound, _ in
            try await self.serve(inbound, outbound, peer: peer)
        }
    }

    /// What the connection sends, in order, from one writer.
    private enum Outgoing: Sendable {
        case text(String)
        case close(UInt16, String)
    }

    private func serve(_ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter, peer: String?) async throws {
        let (outgoing, send) = AsyncStream.makeStream(of: Outgoing.self)
        let state = ConnectionState()
        // One writer sends everything in order; it ends after a close frame or when the connection's messages end.
        let writer = Task {
            for await item in outgoing {
                switch item {
                case .text(let text): try await outbound.write(.text(text))
                case .close(let code, let reason):
                    try await outbound.close(.unknown(code), reason: reason)
                    return
                }
            }
        }
        let timeout = initTimeout
        let timer = Task {
            try? await Task.sleep(for: timeout)
            if !Task.isCancelled, !state.acknowledged { send.yield(.close(4408, "Connection initialisation timeout")) }
        }
        defer {
            timer.cancel()
            state.cancelAll()
        }
        do {
            try await read(inbound, state: state, peer: peer, send: send)
        } catch {
            logger.debug("websocket closed", metadata: ["error": "\(error)"])
        }
        // Whatever is queued (a close frame among it) is sent before the connection goes.
        state.cancelAll()
        send.finish()
        _ = try? await writer.value
    }

    /// Reads the client's messages until it closes, or until one of them ends the connection (a close frame queued).
    private func read(_ inbound: WebSocketInboundStream, state: ConnectionState, peer: String?,
                      send: AsyncStream<Outgoing>.Continuation) async throws {
        for try await message in inbound.messages(maxSize: maximumMessageBytes) {
            guard case .text(let text) = message,
                  let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                  let type = object["type"] as? String else {
                send.yield(.close(4400, "Invalid message"))
                return
            }
            switch type {
            case "connection_init":
                guard state.beginInit() else {
                    send.yield(.close(4429, "Too many initialisation requests"))
                    return
                }
                let payload = object["payload"] as? [String: Any] ?? [:]
                let header = (payload["Authorization"] ?? payload["authorization"]) as? String
                    ?? (payload["apiKey"] as? String).map { "Bearer " + $0 }
                    ?? (payload["token"] as? String).map { "Bearer " + $0 }
                switch await authenticator.principal(authorization: header) {
                case .success(let principal):
                    state.acknowledge(principal)
                    send.yield(.text(#"{"type":"connection_ack"}"#))
                case .failure:
                    send.yield(.close(4403, "Forbidden"))
                    return
                }
            case "ping":
                send.yield(.text(#"{"type":"pong"}"#))
            case "pong":
                break
            case "subscribe":
                guard let principal = state.principal else {
                    send.yield(.close(4401, "Unauthorized"))
                    return
                }
                guard let id = object["id"] as? String, !id.isEmpty, let payload = object["payload"] as? [String: Any],
                      let body = try? JSONSerialization.data(withJSONObject: payload) else {
                    send.yield(.close(4400, "Invalid message"))
                    return
                }
                guard !state.isActive(id) else {
                    send.yield(.close(4409, "Subscriber for \(id) already exists"))
                    return
                }
                subscribe(id: id, body: body, principal: principal, peer: peer, state: state, send: send)
            case "complete":
                if let id = object["id"] as? String { state.cancel(id) }
            default:
                send.yield(.close(4400, "Invalid message type \(type)"))
                return
            }
        }
    }

    /// Starts one subscription: its answers as `next` messages, then `complete` (or `error` for a request refused
    /// before it ran).
    private func subscribe(id: String, body: Data, principal: Principal, peer: String?, state: ConnectionState,
                           send: AsyncStream<Outgoing>.Continuation) {
        let quotedID = GraphQLResponseError.quoted(id)
        func errorMessage(_ errors: [GraphQLResponseError]) -> String {
            #"{"id":"# + quotedID + #","type":"error","payload":"# + GraphQLResponseError.jsonArray(errors) + "}"
        }
        var request: QueryRequest
        do throws(GraphQLHTTPError) {
            request = try GraphQLHTTPRequest.parsePOST(body: ByteBuffer(bytes: body))
        } catch {
            send.yield(.text(errorMessage([error.graphQLError])))
            return
        }
        request.principal = principal
        request.isLive = true
        request.requestID = RequestIDs.next()
        request.clientAddress = peer
        let client = GraphQLRoutes<Executor>.clientKey(principal, peer: peer, forwardedFor: [], trustedProxies: trustedProxies)
        if let refusal = streams.enter(client) {
            send.yield(.text(errorMessage([GraphQLResponseError(message: refusal, code: "RATE_LIMITED")])))
            return
        }
        let prepared = request
        let executor = self.executor
        let streams = self.streams
        let task = Task {
            defer {
                streams.leave(client)
                state.finished(id)
            }
            for await event in executor.stream(prepared) {
                switch event {
                case .idle:
                    send.yield(.text(#"{"type":"ping"}"#))
                case .result(.executed(let bytes, _)):
                    send.yield(.text(#"{"id":"# + quotedID + #","type":"next","payload":"# + String(decoding: bytes, as: UTF8.self) + "}"))
                case .result(.rejected(let errors)), .result(.unavailable(let errors)):
                    send.yield(.text(errorMessage(errors)))
                    return
                case .result(.notAllowedOverGET):
                    return
                }
            }
            if !Task.isCancelled { send.yield(.text(#"{"id":"# + quotedID + #","type":"complete"}"#)) }
        }
        state.start(id, task)
    }
}

/// One connection's state: its principal once acknowledged, and its running subscriptions by id.
///
/// - Important: `@unchecked Sendable`: touched only with `lock` held.
final class ConnectionState: @unchecked Sendable {
    private let lock = NSLock()
    private var initReceived = false
    private(set) var principalValue: Principal?
    private var running: [String: Task<Void, Never>] = [:]

    var acknowledged: Bool { lock.withLock { principalValue != nil } }
    var principal: Principal? { lock.withLock { principalValue } }

    /// false when an init came before.
    func beginInit() -> Bool {
        lock.withLock {
            defer { initReceived = true }
            return !initReceived
        }
    }

    func acknowledge(_ principal: Principal) { lock.withLock { principalValue = principal } }
    func isActive(_ id: String) -> Bool { lock.withLock { running[id] != nil } }
    func start(_ id: String, _ task: Task<Void, Never>) { lock.withLock { running[id] = task } }
    func finished(_ id: String) { _ = lock.withLock { running.removeValue(forKey: id) } }

    func cancel(_ id: String) {
        let task = lock.withLock { running.removeValue(forKey: id) }
        task?.cancel()
    }

    func cancelAll() {
        let tasks = lock.withLock { () -> [Task<Void, Never>] in
            defer { running.removeAll() }
            return Array(running.values)
        }
        for task in tasks { task.cancel() }
    }
}
