import GraphQL

/// Why an operation was refused before or while compiling: each case becomes one GraphQL error with
/// a spec-shaped message and `extensions.code`.
package enum QueryError: Error, Sendable {
    /// A value the client sent is unusable (variables, cursors, page sizes, ids): `BAD_USER_INPUT`.
    case badInput(String, location: GraphQLResponseError.Location?)
    /// The request names an operation that is not in the document, or is ambiguous: `OPERATION_RESOLUTION_FAILURE`.
    case operationResolution(String)
    /// A request limit was crossed (``RequestLimits``); `code` is the limit's own (``LimitCode``).
    case limit(String, code: String)
    /// A field the schema has but the catalog cannot answer (a server defect): `INTERNAL_SERVER_ERROR`.
    case unsupported(String)

    package var responseError: GraphQLResponseError {
        switch self {
        case .badInput(let message, let location):
            return GraphQLResponseError(message: message, locations: location.map { [$0] }, code: "BAD_USER_INPUT")
        case .operationResolution(let message):
            return GraphQLResponseError(message: message, code: "OPERATION_RESOLUTION_FAILURE")
        case .limit(let message, let code):
            return GraphQLResponseError(message: message, code: code)
        case .unsupported(let message):
            return GraphQLResponseError(message: message, code: "INTERNAL_SERVER_ERROR")
        }
    }

    package static func location(of location: Location) -> GraphQLResponseError.Location {
        GraphQLResponseError.Location(line: location.startToken.line, column: location.startToken.column)
    }
}
