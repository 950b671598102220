import Hummingbird

/// CORS for a configured list of origins: a request whose `Origin` is listed gets
/// `Access-Control-Allow-Origin` with that origin (and `Vary: Origin`, since the answer depends on it); a
/// preflight (`OPTIONS` with `Access-Control-Request-Method`) from a listed origin gets 204 with the allowed
/// methods and headers. Other origins get no CORS headers, so browsers keep their pages out. `*` allows any
/// origin (credentials are bearer tokens, never cookies, so that is safe for a public read-only API).
struct CORSAllowList<Context: RequestContext>: RouterMiddleware {
    let origins: Set<String>
    let allowsAny: Bool
    let maxAge = "600"
    static var vary: HTTPFields.Element.Name { .vary }

    init(_ list: [String]) {
        self.allowsAny = list.contains("*")
        self.origins = Set(list.filter { $0 != "*" })
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = request.headers[.origin], allowsAny || origins.contains(origin) else {
            var response = try await next(request, context)
            if !origins.isEmpty || allowsAny { response.headers.append(HTTPFields.Element(name: Self.vary, value: "Origin")) }
            return response
        }
        let allowed = allowsAny ? "*" : origin
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            return Response(status: .noContent, headers: [
                .accessControlAllowOrigin: allowed,
                .accessControlAllowMethods: "GET, POST, OPTIONS",
                .accessControlAllowHeaders: "Accept, Authorization, Content-Type, If-None-Match, X-Request-Id",
                .accessControlMaxAge: maxAge,
                Self.vary: "Origin",
            ])
        }
        var response = try await next(request, context)
        response.headers[.accessControlAllowOrigin] = allowed
        response.headers[.accessControlExposeHeaders] = "ETag, X-Request-Id"
        response.headers.append(HTTPFields.Element(name: Self.vary, value: "Origin"))
        return response
    }
}
