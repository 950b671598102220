import Auth
import Compiler
import Hummingbird

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

    func addRoutes<Context: RequestContext>(to router: Router<Context>, at path: String) {
        router.get(RouterPath(path)) { request, _ in
            await self.get(request)
        }
        router.post(RouterPath(path)) { request, _ in
            await self.post(request)
        }
    }

    /// `GET /graphql?query=…`: queries only (the executor refuses mutations with `.notAllowedOverGET`).
    /// Without a `query` parameter, a browser (Accept: text/html) gets the explorer page.
    func get(_ request: Request) async -> Response {
        let accept = request.acceptHeader
        let queryString = request.uri.query.map { Substring($0) }
        if !GraphQLHTTPRequest.hasQueryParameter(queryString), ResponseMediaType.prefersHTML(accept: accept) {
            return ExplorerPage.response()
        }
        guard let mediaType = ResponseMediaType.negotiate(accept: accept) else {
            return GraphQLHTTPResponder.response(for: .notAcceptable, as: .json)
        }
        do throws(GraphQLHTTPError) {
            var graphQLRequest = try GraphQLHTTPRequest.parseGET(queryString: queryString)
            graphQLRequest.principal = try await principal(request)
            if let refusal = persisted.resolve(&graphQLRequest) {
                return GraphQLHTTPResponder.response(for: .rejected(errors: [refusal]), as: mediaType)
            }
            let result = await executor.execute(graphQLRequest)
            var body: [UInt8]?
            if case .executed(let bytes) = result { body = bytes }
            return ResponseCaching.apply(to: GraphQLHTTPResponder.response(for: result, as: mediaType), body: body,
                                         ifNoneMatch: request.headers[.ifNoneMatch],
                                         anonymous: graphQLRequest.principal == .anonymous, maxAge: anonymousMaxAge)
        } catch {
            return GraphQLHTTPResponder.response(for: error, as: mediaType)
        }
    }

    /// `POST /graphql` with an `application/json` body.
    func post(_ request: Request) async -> Response {
        guard let mediaType = ResponseMediaType.negotiate(accept: request.acceptHeader) else {
            return GraphQLHTTPResponder.response(for: .notAcceptable, as: .json)
        }
        do throws(GraphQLHTTPError) {
            try GraphQLHTTPRequest.checkContentType(request.headers[.contentType])
            let body = try await readBody(request)
            var graphQLRequest = try GraphQLHTTPRequest.parsePOST(body: body)
            graphQLRequest.principal = try await principal(request)
            if let refusal = persisted.resolve(&graphQLRequest) {
                return GraphQLHTTPResponder.response(for: .rejected(errors: [refusal]), as: mediaType)
            }
            var response = GraphQLHTTPResponder.response(for: await executor.execute(graphQLRequest), as: mediaType)
            response.headers[.cacheControl] = "no-store"
            return response
        } catch {
            return GraphQLHTTPResponder.response(for: error, as: mediaType)
        }
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

    /// Reads the whole body, refusing it as soon as it is known to exceed the limit: from `Content-Length`
    /// before reading anything, or while streaming a chunked body, so an oversized body is never buffered.
    private func readBody(_ request: Request) async throws(GraphQLHTTPError) -> ByteBuffer {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > maximumBodySize {
            throw .payloadTooLarge(limit: maximumBodySize)
        }
        var buffer = ByteBuffer()
        do {
            for try await chunk in request.body {
                guard buffer.readableBytes + chunk.readableBytes <= maximumBodySize else {
                    throw GraphQLHTTPError.payloadTooLarge(limit: maximumBodySize)
                }
                var chunk = chunk
                buffer.writeBuffer(&chunk)
            }
        } catch let error as GraphQLHTTPError {
            throw error
        } catch {
            throw .badRequest("The request body could not be read.")
        }
        return buffer
    }
}

extension Request {
    /// All `Accept` header lines joined (HTTP allows the list to be split over several lines).
    var acceptHeader: String? {
        let values = headers[values: .accept]
        return values.isEmpty ? nil : values.joined(separator: ",")
    }
}
