import Foundation

/// One entry of a response's `errors` list.
public struct GraphQLResponseError: Sendable, Hashable, Encodable {
    public struct Location: Sendable, Hashable, Encodable {
        public let line: Int
        public let column: Int
        public init(line: Int, column: Int) {
            self.line = line
            self.column = column
        }
    }

    public let message: String
    public let locations: [Location]?
    /// Response path, as strings and integers.
    public let path: [PathComponent]?
    /// `extensions.code`, e.g. `GRAPHQL_PARSE_FAILED`, `GRAPHQL_VALIDATION_FAILED`, `BAD_USER_INPUT`.
    public let code: String
    /// `extensions.hint`: what a person may do about it (e.g. that a field may need a key), when known.
    public let hint: String?
    /// More `extensions` entries, in order, as text (a refused step's `article`, `rule`, `messageZh`).
    public let details: [Detail]

    /// One more `extensions` entry.
    public struct Detail: Sendable, Hashable, Encodable {
        public let key: String
        public let value: String
        public init(_ key: String, _ value: String) {
            self.key = key
            self.value = value
        }
    }

    public enum PathComponent: Sendable, Hashable, Encodable {
        case key(String)
        case index(Int)

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .key(let key): try container.encode(key)
            case .index(let index): try container.encode(index)
            }
        }
    }

    public init(message: String, locations: [Location]? = nil, path: [PathComponent]? = nil, code: String, hint: String? = nil,
                details: [Detail] = []) {
        self.message = message
        self.locations = locations
        self.path = path
        self.code = code
        self.hint = hint
        self.details = details
    }

    /// The same error with `extensions.hint` set.
    public func withHint(_ hint: String) -> GraphQLResponseError {
        GraphQLResponseError(message: message, locations: locations, path: path, code: code, hint: hint, details: details)
    }

    /// The error as JSON text with keys in the conventional order (message, locations, path,
    /// extensions): Foundation's encoder on Linux does not keep key order.
    public var json: String {
        var text = "{\"message\":" + Self.quoted(message)
        if let locations {
            text += ",\"locations\":[" + locations.map { "{\"line\":\($0.line),\"column\":\($0.column)}" }
                .joined(separator: ",") + "]"
        }
        if let path {
            text += ",\"path\":[" + path.map { component -> String in
                switch component {
                case .key(let key): return Self.quoted(key)
                case .index(let index): return String(index)
                }
            }.joined(separator: ",") + "]"
        }
        return text + ",\"extensions\":{\"code\":" + Self.quoted(code) + (hint.map { ",\"hint\":" + Self.quoted($0) } ?? "")
            + details.map { "," + Self.quoted($0.key) + ":" + Self.quoted($0.value) }.joined() + "}}"
    }

    /// `[error, …]` as JSON text.
    public static func jsonArray(_ errors: [GraphQLResponseError]) -> String {
        "[" + errors.map(\.json).joined(separator: ",") + "]"
    }

    /// A JSON string literal (the command line writes its JSON with it too).
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    private enum CodingKeys: String, CodingKey { case message, locations, path, extensions }
    private enum ExtensionKeys: String, CodingKey { case code }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(message, forKey: .message)
        try container.encodeIfPresent(locations, forKey: .locations)
        try container.encodeIfPresent(path, forKey: .path)
        var extensions = container.nestedContainer(keyedBy: ExtensionKeys.self, forKey: .extensions)
        try extensions.encode(code, forKey: .code)
    }
}
