import GraphQL

/// A Date argument (`asOf`) as the request gave it, with where it came from, so the plan can take it from each
/// request rather than from the one it was compiled for.
struct DayArgument {
    let text: String
    let source: InputSource
    /// The argument's name, for the error a bad value gets.
    let argument: String
    let location: GraphQLResponseError.Location?
}
