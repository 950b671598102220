import Auth
import Engine
import Hummingbird
import Planner

/// A request refused by the HTTP layer before it reached the executor: wrong method, media type, size, or
/// malformed parameters.
///
/// It is answered like a GraphQL error (`{"errors":[{"message":…,"extensions":{"code":…}}]}`) so clients
/// can show it the same way, with the status code the GraphQL-over-HTTP draft asks for. Its status does not
/// depend on the negotiated media type: a request that is not well-formed is a 4xx even for
/// `application/json` clients.
struct GraphQLHTTPError: Error, Equatable, Sendable {
    var status: HTTPResponse.Status
    /// `extensions.code`.
    var code: String
    var message: String
    /// Extra response headers, e.g. `Allow` on 405.
    var headers: HTTPFields = [:]

    var graphQLError: GraphQLResponseError {
        GraphQLResponseError(message: message, code: code)
    }

    /// 400: the body or query string is not a well-formed GraphQL-over-HTTP request.
    static func badRequest(_ message: String) -> GraphQLHTTPError {
        GraphQLHTTPError(status: .badRequest, code: "BAD_REQUEST", message: message)
    }

    /// 405 with `Allow`, for a method the endpoint does not support (or a mutation over GET).
    static func methodNotAllowed(_ message: String, allow: String) -> GraphQLHTTPError {
        GraphQLHTTPError(status: .methodNotAllowed, code: "METHOD_NOT_ALLOWED", message: message, headers: [.allow: allow])
    }

    /// 406: the `Accept` header allows neither response media type.
    static var notAcceptable: GraphQLHTTPError {
        GraphQLHTTPError(
            status: .notAcceptable, code: "NOT_ACCEPTABLE",
            message: "Accept must allow application/graphql-response+json or application/json (UTF-8)."
        )
    }

    /// 415: a POST body that is not `application/json` (UTF-8).
    static func unsupportedMediaType(_ contentType: String?) -> GraphQLHTTPError {
        let got = contentType.map { "Content-Type \($0)" } ?? "no Content-Type"
        return GraphQLHTTPError(
            status: .unsupportedMediaType, code: "UNSUPPORTED_MEDIA_TYPE",
            message: "POST requests must have Content-Type application/json (UTF-8); got \(got)."
        )
    }

    /// 401 with `WWW-Authenticate: Bearer` for refused credentials; 503 when an API key cannot be checked.
    static func unauthenticated(_ error: AuthenticationError) -> GraphQLHTTPError {
        if error.httpStatus == 503 {
            return GraphQLHTTPError(status: .serviceUnavailable, code: error.code, message: error.description,
                                    headers: [.retryAfter: "1"])
        }
        return GraphQLHTTPError(status: .unauthorized, code: error.code, message: error.description,
                                headers: [.wwwAuthenticate: #"Bearer realm="qunji""#])
    }

    /// 413: the body exceeds the configured limit.
    static func payloadTooLarge(limit: Int) -> GraphQLHTTPError {
        GraphQLHTTPError(
            status: .contentTooLarge, code: "PAYLOAD_TOO_LARGE",
            message: "The request body is larger than the limit of \(limit) bytes."
        )
    }

    /// 408 with `Connection: close`: the body did not arrive within the read timeout (a client trickling
    /// bytes to hold a connection and a request slot).
    static func bodyTimeout(_ timeout: Duration) -> GraphQLHTTPError {
        GraphQLHTTPError(
            status: .requestTimeout, code: "REQUEST_TIMEOUT",
            message: "The request body did not arrive within \(timeout.components.seconds) seconds.",
            headers: [.connection: "close"]
        )
    }

    /// 429 with `Retry-After`: the client has as many requests running and waiting as fair use allows.
    static func rateLimited(_ reason: String) -> GraphQLHTTPError {
        GraphQLHTTPError(
            status: .tooManyRequests, code: "RATE_LIMITED",
            message: "Too many requests at once from this client (\(reason)). Retry after a second.",
            headers: [.retryAfter: "1"]
        )
    }
}
