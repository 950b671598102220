/// A JSON value that keeps object members in the order they were written and numbers as their text.
///
/// Why: GraphQL responses are ordered (fields come in the order the query selected them), and a table's columns
/// or a variable's value must not be rounded on the way. ``JSONParser`` produces it for the command line (the server
/// parses request bodies straight into GraphQL's `Map`).
public indirect enum JSONValue: Equatable, Sendable {
    case object([(key: String, value: JSONValue)])
    case array([JSONValue])
    case string(String)
    /// The number exactly as written (`12345678901234567.89`, `1e-7`).
    case number(String)
    case bool(Bool)
    case null

    public static func == (left: JSONValue, right: JSONValue) -> Bool {
        switch (left, right) {
        case (.object(let a), .object(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case (.array(let a), .array(let b)): return a == b
        case (.string(let a), .string(let b)), (.number(let a), .number(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.null, .null): return true
        default: return false
        }
    }

    /// The member `key` of an object (the last, when a key is repeated, as `JSON.parse` does), else nil.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last { $0.key == key }?.value
    }
}
