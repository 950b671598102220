/// What ``JSONParser`` builds as it reads: a value per JSON form. The server parses request bodies straight into
/// GraphQL's `Map` and the command line into ``JSONValue``, each in one pass over the text (a body used to be parsed into
/// a ``JSONValue`` and then copied into a `Map`).
public protocol JSONTree {
    /// An object, its members in input order (a key may repeat; the tree decides which wins).
    static func object(_ members: [(key: String, value: Self)]) -> Self
    static func array(_ items: [Self]) -> Self
    static func string(_ text: String) -> Self
    /// A number as the text the client wrote, so no digit is lost.
    static func number(_ text: String) -> Self
    static func bool(_ flag: Bool) -> Self
    static var null: Self { get }
}

extension JSONValue: JSONTree {}
