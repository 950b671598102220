import GraphQL
import Planner

extension GraphQLResponseError {
    /// A response error from a GraphQL 4.3.0 parse or validation error, with its locations (none
    /// means the entry is omitted) and `extensions.code`.
    ///
    /// 4.3.0's syntax errors append an excerpt of the source with a caret after a blank line; the
    /// excerpt is dropped: it echoes the request back, spans several lines, and the locations
    /// already point at the spot.
    public init(graphQLError error: GraphQLError, code: String) {
        let message: String
        if error.message.hasPrefix("Syntax Error"), let excerptStart = error.message.range(of: "\n\n") {
            message = String(error.message[..<excerptStart.lowerBound])
        } else {
            message = error.message
        }
        let locations = error.locations.map { Location(line: $0.line, column: $0.column) }
        self.init(message: message, locations: locations.isEmpty ? nil : locations, code: code)
    }
}
