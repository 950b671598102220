import Hummingbird

/// Answers 405 with `Allow: GET, POST` for any other method on the GraphQL endpoint.
///
/// Hummingbird's router answers an unregistered method with 404, as if the path did not exist; GraphQL over
/// HTTP (and plain HTTP semantics) want 405 with the methods that do work. Router middleware also wraps the
/// not-found responder, so this sees every request whatever its method. `HEAD` is refused too: it would have
/// to execute the query only to drop the body.
struct GraphQLMethodMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The endpoint path, e.g. `/graphql` (a trailing slash on the request is ignored, as the router does).
    let path: String

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard request.method != .get, request.method != .post, Self.normalized(request.uri.path) == Self.normalized(path)
        else {
            return try await next(request, context)
        }
        let mediaType = ResponseMediaType.negotiate(accept: request.acceptHeader) ?? .json
        let response = GraphQLHTTPResponder.response(
            for: .methodNotAllowed("\(request.method.rawValue) is not supported here; use GET or POST.", allow: "GET, POST"),
            as: mediaType
        )
        // A response to HEAD carries headers only.
        return request.method == .head ? response.createHeadResponse() : response
    }

    private static func normalized(_ path: String) -> Substring {
        var path = Substring(path)
        while path.count > 1, path.last == "/" { path = path.dropLast() }
        return path
    }
}
