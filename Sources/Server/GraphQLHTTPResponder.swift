import Engine
import Hummingbird
import Planner

/// Turns what the executor produced (`QueryResult`) or what the HTTP layer refused (`GraphQLHTTPError`)
/// into a Hummingbird `Response`: status code, `Content-Type`, body.
///
/// Status codes (GraphQL over HTTP, as the graphql-http audits check them):
///
/// | outcome                    | `application/graphql-response+json` | `application/json` |
/// |----------------------------|-------------------------------------|--------------------|
/// | `.executed`                | 200, body as is                     | 200, body as is    |
/// | `.rejected`                | 400, `{"errors":[…]}`               | 200, `{"errors":[…]}` |
/// | `.notAllowedOverGET`       | 405, `Allow: POST`                  | 405, `Allow: POST` |
/// | `.unavailable`             | 503, `Retry-After: 1`               | 200, `{"errors":[…]}` |
/// | `GraphQLHTTPError`         | its status                          | its status         |
///
/// `.executed` bodies are written byte for byte: the database already produced the JSON, and decoding and
/// re-encoding it would cost time and could change numbers (design §1).
enum GraphQLHTTPResponder {
    static func response(for result: QueryResult, as mediaType: ResponseMediaType) -> Response {
        switch result {
        case .executed(let body, _):
            return Response(
                status: .ok,
                headers: headers(mediaType),
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: body))
            )
        case .rejected(let errors):
            let status: HTTPResponse.Status = mediaType == .graphQLResponseJSON ? .badRequest : .ok
            return errorResponse(status: status, errors: errors, mediaType: mediaType)
        case .unavailable(let errors):
            var response = errorResponse(status: mediaType == .graphQLResponseJSON ? .serviceUnavailable : .ok,
                                         errors: errors, mediaType: mediaType)
            response.headers[.retryAfter] = "1"
            return response
        case .notAllowedOverGET:
            return response(
                for: .methodNotAllowed("Only queries can be sent with GET; send mutations with POST.", allow: "POST"),
                as: mediaType
            )
        }
    }

    static func response(for error: GraphQLHTTPError, as mediaType: ResponseMediaType) -> Response {
        var response = errorResponse(status: error.status, errors: [error.graphQLError], mediaType: mediaType)
        response.headers.append(contentsOf: error.headers)
        return response
    }

    /// `{"errors":[…]}` with no `data` entry. The errors are written by the compiler's own
    /// `GraphQLResponseError.jsonArray`, so every error body of the server has one format (keys in the spec's
    /// order: `message`, `locations`, `path`, `extensions`).
    static func errorResponse(status: HTTPResponse.Status, errors: [GraphQLResponseError],
                              mediaType: ResponseMediaType) -> Response {
        var body = ByteBuffer()
        body.writeString(#"{"errors":"#)
        body.writeString(GraphQLResponseError.jsonArray(errors))
        body.writeString("}")
        return Response(status: status, headers: headers(mediaType), body: ResponseBody(byteBuffer: body))
    }

    private static func headers(_ mediaType: ResponseMediaType) -> HTTPFields {
        [.contentType: mediaType.contentType]
    }
}
