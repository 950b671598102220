import Auth
import Engine
import Foundation
import Hummingbird
import Logging
import Planner

/// `GET` and `POST` on the GraphQL endpoint: negotiate the response type, parse the request, run it through
/// the executor, and write the result (GraphQL over HTTP, design §7).
///
/// Checks run in a fixed order so that each failure gets the status the draft asks for, before any work is
/// done: media type (406) → content type (415, POST) → size (413, POST) → well-formedness (400) → credentials
/// (401) → execution as the authenticated principal.
/// Other methods on the endpoint are answered by ``GraphQLMethodMiddleware`` (405).
///
/// Thread safety: a value type holding a `Sendable` executor; handlers run concurrently, one per request.
struct GraphQLRoutes<Executor: GraphQLExecuting>: Sendable {
    let executor: Executor
    let maximumBodySize: Int
    let authenticator: Authenticator
    let persisted: PersistedDocuments
    /// `max-age` of anonymous GET answers, in seconds.
    let anonymousMaxAge: Int
    let metrics: ServerMetrics?
    /// How long a request body may take to arrive in full.
    let bodyTimeout: Duration
    /// Requests executing at once per client.
    let gate: ClientGate
    /// Addresses of reverse proxies whose `X-Forwarded-For` names the client.
    let trustedProxies: Set<String>
    /// Event streams and WebSocket subscriptions open per client.
    let streams: StreamGate
    /// Where the explorer page comes from (web/explorer.html, or the built-in one).
    let pages: WebPages
    let logger: Logger

    /// What one request was, for its log line and metrics.
    struct Record {
        var operation: String?
        var principal: Principal?
        var outcome = "ok"
        /// Whether the operation passed validation (and every limit) and ran: only then does its name
        /// become a metrics label; names of refused documents are the client's free text.
        var validated = false
    }

    func addRoutes(to router: Router<QunjiRequestContext>, at path: String) {
        router.get(RouterPath(path)) { request, context in
            let peer = context.channel.remoteAddress?.ipAddress
            let disconnect = ClientDisconnects.signal(for: context.channel)
            return await cancelledOnDisconnect(context.channel) {
                await self.observed(request) { id, record in
                    await self.get(request, id: id, peer: peer, disconnect: disconnect, record: &record)
                }
            }
        }
        router.post(RouterPath(path)) { request, context in
            let peer = context.channel.remoteAddress?.ipAddress
            let disconnect = ClientDisconnects.signal(for: context.channel)
            return await cancelledOnDisconnect(context.channel) {
                await self.observed(request) { id, record in
                    await self.post(request, id: id, peer: peer, disconnect: disconnect, record: &record)
                }
            }
        }
    }

    /// Gives the request an id (its valid `X-Request-Id`, else a new one), echoes it, and writes one log line
    /// and the metrics once the response is ready.
    private func observed(_ request: Request, _ body: (String, inout Record) async -> Response) async -> Response {
        let started = ContinuousClock.now
        let id = Self.requestID(Self.requestIDName.flatMap { request.headers[$0] })
        var record = Record()
        var response = await body(id, &record)
        if let header = Self.requestIDName { response.headers[header] = id }
        let duration = ContinuousClock.now - started
        metrics?.requestFinished(operation: record.validated ? record.operation ?? "" : nil, outcome: record.outcome,
                                 duration: duration)
        logger.info("graphql request", metadata: [
            "request_id": "\(id)", "method": "\(request.method)", "operation": "\(record.operation ?? "-")",
            "role": "\(record.principal?.role.rawValue ?? "-")", "subject": "\(record.principal?.subject ?? "-")",
            "status": "\(response.status.code)", "outcome": "\(record.outcome)",
            "duration_ms": "\(ServerMetrics.milliseconds(duration))",
        ])
        return response
    }

    /// Who a request counts against for fair use: its credential's subject (`key:…`, `jwt:…`); without one,
    /// its address — the peer's, or, when the peer is a trusted proxy, the right-most address of
    /// `X-Forwarded-For` that is not itself a trusted proxy (addresses further left are the client's word).
    static func clientKey(_ principal: Principal, peer: String?, forwardedFor: [String], trustedProxies: Set<String>) -> String {
        if let subject = principal.subject { return subject }
        return "address:" + clientAddress(peer: peer, forwardedFor: forwardedFor, trustedProxies: trustedProxies)
    }

    /// The client's address: the peer's, or, when the peer is a trusted proxy, the right-most address of
    /// `X-Forwarded-For` that is not itself a trusted proxy (addresses further left are the client's word).
    static func clientAddress(peer: String?, forwardedFor: [String], trustedProxies: Set<String>) -> String {
        var address = peer ?? "unknown"
        if trustedProxies.contains(address) {
            let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
            for hop in hops.reversed() where !hop.isEmpty {
                address = hop
                if !trustedProxies.contains(hop) { break }
            }
        }
        return address
    }

    /// `Idempotency-Key` (a valid field name, so never nil).
    static var idempotencyKeyName: HTTPFields.Element.Name? { HTTPFields.Element.Name("Idempotency-Key") }

    /// `X-Forwarded-For` (a valid field name, so never nil).
    static var forwardedForName: HTTPFields.Element.Name? { HTTPFields.Element.Name("X-Forwarded-For") }

    /// `X-Request-Id` (a valid field name, so never nil).
    static var requestIDName: HTTPFields.Element.Name? { HTTPFields.Element.Name("X-Request-Id") }

    /// A client's request id if it is short and plain (letters, digits, `-`, `_`, `.`, `:`), else a new one.
    static func requestID(_ header: String?) -> String {
        if let header, (1...128).contains(header.utf8.count),
           header.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A)
               || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E || $0 == 0x3A }) {
            return header
        }
        return RequestIDs.next()
    }

    /// `ok`, or the first error code of a result.
    static func outcome(of result: QueryResult) -> String {
        switch result {
        case .executed(_, let errorCode):
            return errorCode ?? "ok"
        case .rejected(let errors): return errors.first?.code ?? "error"
        case .unavailable: return "DATABASE_UNAVAILABLE"
        case .notAllowedOverGET: return "METHOD_NOT_ALLOWED"
        }
    }

    /// `GET /graphql?query=…`: queries only (the executor refuses mutations with `.notAllowedOverGET`).
    /// Without a `query` parameter, a browser (Accept: text/html) gets the explorer page.
    func get(_ request: Request, id: String, peer: String?, disconnect: DisconnectSignal?, record: inout Record) async -> Response {
        let accept = request.acceptHeader
        if EventStream.isWanted(accept: accept) {
            return await eventStream(request, id: id, peer: peer, disconnect: disconnect, record: &record)
        }
        let queryString = request.uri.query.map { Substring($0) }
        if !GraphQLHTTPRequest.hasQueryParameter(queryString), ResponseMediaType.prefersHTML(accept: accept) {
            return pages.explorer()
        }
        let workbook = WorkbookAnswer.isWanted(queryString: queryString, accept: accept)
        guard let mediaType = workbook ? .json : ResponseMediaType.negotiate(accept: accept) else {
            return GraphQLHTTPResponder.response(for: .notAcceptable, as: .json)
        }
        do throws(GraphQLHTTPError) {
            let graphQLRequest = try GraphQLHTTPRequest.parseGET(queryString: queryString)
            let (result, principal) = try await execute(graphQLRequest, from: request, id: id, peer: peer, record: &record)
            var body: [UInt8]?
            if case .executed(let bytes, _) = result { body = bytes }
            if workbook, let body, let response = WorkbookAnswer.response(for: body, operationName: graphQLRequest.operationName) {
                return response
            }
            return ResponseCaching.apply(to: GraphQLHTTPResponder.response(for: result, as: mediaType), body: body,
                                         ifNoneMatch: request.headers[.ifNoneMatch],
                                         anonymous: principal == .anonymous, maxAge: anonymousMaxAge)
        } catch {
            record.outcome = error.code
            return GraphQLHTTPResponder.response(for: error, as: mediaType)
        }
    }

    /// A request accepting `text/event-stream`: its answers as events (``EventStream``), on this connection, as long as
    /// the client keeps it open. Refused with 429 when the client holds as many streams as allowed.
    func eventStream(_ request: Request, id: String, peer: String?, disconnect: DisconnectSignal?, record: inout Record) async -> Response {
        do throws(GraphQLHTTPError) {
            var graphQLRequest: QueryRequest
            if request.method == .post {
                try GraphQLHTTPRequest.checkContentType(request.headers[.contentType])
                graphQLRequest = try GraphQLHTTPRequest.parsePOST(body: try await readBody(request))
            } else {
                graphQLRequest = try GraphQLHTTPRequest.parseGET(queryString: request.uri.query.map { Substring($0) })
                graphQLRequest.method = .get
            }
            graphQLRequest.isLive = true
            let (client, refusal) = try await admit(&graphQLRequest, from: request, id: id, peer: peer, record: &record)
            if let refusal {
                return GraphQLHTTPResponder.response(for: .rejected(errors: [refusal]), as: .json)
            }
            if let refusal = streams.enter(client) {
                record.outcome = "RATE_LIMITED"
                throw .rateLimited(refusal)
            }
            record.validated = true
            record.outcome = "stream"
            let streams = self.streams
            return EventStream.response(executor.stream(graphQLRequest), disconnect: disconnect) { streams.leave(client) }
        } catch {
            record.outcome = error.code
            return GraphQLHTTPResponder.response(for: error, as: .json)
        }
    }

    /// `POST /graphql` with an `application/json` body.
    func post(_ request: Request, id: String, peer: String?, disconnect: DisconnectSignal?, record: inout Record) async -> Response {
        if EventStream.isWanted(accept: request.acceptHeader) {
            return await eventStream(request, id: id, peer: peer, disconnect: disconnect, record: &record)
        }
        guard let mediaType = ResponseMediaType.negotiate(accept: request.acceptHeader) else {
            return GraphQLHTTPResponder.response(for: .notAcceptable, as: .json)
        }
        do throws(GraphQLHTTPError) {
            try GraphQLHTTPRequest.checkContentType(request.headers[.contentType])
            let body = try await readBody(request)
            let graphQLRequest = try GraphQLHTTPRequest.parsePOST(body: body)
            let (result, _) = try await execute(graphQLRequest, from: request, id: id, peer: peer, record: &record)
            var response = GraphQLHTTPResponder.response(for: result, as: mediaType)
            response.headers[.cacheControl] = "no-store"
            return response
        } catch {
            record.outcome = error.code
            return GraphQLHTTPResponder.response(for: error, as: mediaType)
        }
    }

    /// The steps every parsed request goes through: its id, its principal (or a 401), persisted-document
    /// resolution, execution; `record` learns what it was and how it ended.
    private func execute(_ graphQLRequest: QueryRequest, from request: Request, id: String, peer: String?, record: inout Record)
        async throws(GraphQLHTTPError) -> (QueryResult, Principal)
    {
        var graphQLRequest = graphQLRequest
        let result: QueryResult
        let (client, refusal) = try await admit(&graphQLRequest, from: request, id: id, peer: peer, record: &record)
        if let refusal {
            result = .rejected(errors: [refusal])
        } else {
            if let key = Self.idempotencyKeyName.flatMap({ request.headers[$0] }) {
                guard (1...255).contains(key.utf8.count) else {
                    throw .badRequest("The Idempotency-Key header must be 1 to 255 characters long.")
                }
                graphQLRequest.idempotencyKey = key
            }
            let executor = self.executor
            let prepared = graphQLRequest
            do {
                result = try await gate.run(client: client) { await executor.execute(prepared) }
            } catch let refusal as ClientGate.Refusal {
                record.outcome = "RATE_LIMITED"
                throw .rateLimited(refusal.reason)
            } catch {
                throw .badRequest("The request was cancelled.")
            }
        }
        record.outcome = Self.outcome(of: result)
        if case .executed = result {
            record.validated = true
            // Only now: a text that failed parsing, validation or a limit is never stored.
            persisted.register(graphQLRequest)
        }
        return (result, graphQLRequest.principal)
    }

    /// What every request goes through before it runs, plain or streamed: its id, its principal (or a 401), its
    /// persisted document, its client; `record` learns who asked. Answers the client key, and the refusal of a persisted
    /// document when there is one.
    private func admit(_ graphQLRequest: inout QueryRequest, from request: Request, id: String, peer: String?, record: inout Record)
        async throws(GraphQLHTTPError) -> (client: String, refusal: GraphQLResponseError?)
    {
        graphQLRequest.requestID = id
        record.operation = graphQLRequest.operationName
        graphQLRequest.principal = try await principal(request)
        record.principal = graphQLRequest.principal
        let refusal = persisted.resolve(&graphQLRequest)
        let forwardedFor = Self.forwardedForName.map { request.headers[values: $0] } ?? []
        graphQLRequest.clientAddress = Self.clientAddress(peer: peer, forwardedFor: forwardedFor, trustedProxies: trustedProxies)
        return (Self.clientKey(graphQLRequest.principal, peer: peer, forwardedFor: forwardedFor, trustedProxies: trustedProxies), refusal)
    }

    /// The principal the request's `Authorization` header names (anonymous without one), or the 401 (or
    /// 503 when keys cannot be checked) that refuses it.
    private func principal(_ request: Request) async throws(GraphQLHTTPError) -> Principal {
        let header = request.headers[values: .authorization].first
        switch await authenticator.principal(authorization: header) {
        case .success(let principal):
            return principal
        case .failure(let error):
            throw .unauthenticated(error)
        }
    }

    /// Reads the whole body within `bodyTimeout`, refusing it as soon as it is known to exceed the limit:
    /// from `Content-Length` before reading anything, or while streaming a chunked body, so an oversized
    /// body is never buffered.
    ///
    /// The deadline covers the whole body, not the gap between bytes: the connection's idle timeout
    /// restarts with every byte, so a client sending one byte every two seconds would otherwise hold the
    /// connection and its handler for as long as it liked.
    private func readBody(_ request: Request) async throws(GraphQLHTTPError) -> ByteBuffer {
        let limit = maximumBodySize
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit {
            throw .payloadTooLarge(limit: limit)
        }
        let timeout = bodyTimeout
        let body = request.body
        do {
            return try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
                group.addTask {
                    var buffer = ByteBuffer()
                    for try await chunk in body {
                        guard buffer.readableBytes + chunk.readableBytes <= limit else {
                            throw GraphQLHTTPError.payloadTooLarge(limit: limit)
                        }
                        var chunk = chunk
                        buffer.writeBuffer(&chunk)
                    }
                    return buffer
                }
                group.addTask {
                    try await CancellableSleep.sleep(for: timeout)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let buffer = first else {
                    throw GraphQLHTTPError.bodyTimeout(timeout)
                }
                return buffer
            }
        } catch let error as GraphQLHTTPError {
            throw error
        } catch {
            throw .badRequest("The request body could not be read.")
        }
    }
}

extension Request {
    /// All `Accept` header lines joined (HTTP allows the list to be split over several lines).
    var acceptHeader: String? {
        let values = headers[values: .accept]
        return values.isEmpty ? nil : values.joined(separator: ",")
    }
}
