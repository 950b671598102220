import GraphQL

/// The `Subscription` type (issue 21): every root field of `Query`, with its arguments as the generated sections give
/// them, as a live query: answered at once and again whenever a committed change touches what it reads and the answer
/// differs. Generated from `Query` itself, so a subscription can ask exactly what a query can.
enum SubscriptionSection {
    static let title = "Subscription"

    /// The type, from the schema's text with `Query`'s generated arguments and fields already in it.
    static func lines(queryOf text: String) throws -> [String] {
        let document = try SDLDocument(text)
        guard let query = document.objectType("Query"), let first = query.fields.first?.loc?.start,
              let last = query.fields.last?.loc?.end else {
            throw SchemaSourceError.missingAnchor("type Query")
        }
        let scalars = Array(text.utf8)
        let body = String(decoding: scalars[first..<last], as: UTF8.self)
        return [
            "\"\"\"",
            "Live queries: every field of Query, answered at once and then again whenever a committed change touches what it",
            "reads and the answer differs, at most once a second. Served over WebSocket on /graphql (the graphql-transport-ws",
            "protocol, any number of subscriptions per connection) and as GraphQL over Server-Sent Events (a POST or GET to",
            "/graphql with Accept: text/event-stream, one subscription per connection); answered as plain JSON, a subscription",
            "is refused. For several root fields in one live operation, mark a query `@live`.",
            "\"\"\"",
            "type Subscription {",
            "  " + body,
            "}",
        ]
    }
}
