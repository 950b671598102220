import GraphQL

extension JSONValue {
    /// GraphQL's `Map` for this value (request variables and extensions): object members in order (a repeated key:
    /// the last value wins, as `JSON.parse`), numbers through ``JSONNumber`` so the value the client wrote survives.
    public var map: Map {
        switch self {
        case .object(let members):
            // `Map.dictionary` holds swift-collections' `OrderedDictionary`; binding it from an empty literal keeps
            // this target free of a direct dependency on OrderedCollections.
            var map: Map = [:]
            guard case .dictionary(var object) = map else { return map }
            for (key, value) in members { object[key] = value.map }
            map = .dictionary(object)
            return map
        case .array(let items): return .array(items.map(\.map))
        case .string(let text): return .string(text)
        case .number(let text):
            let isInteger = !text.contains { $0 == "." || $0 == "e" || $0 == "E" }
            return .number(JSONNumber.number(for: text, isInteger: isInteger))
        case .bool(let flag): return .bool(flag)
        case .null: return .null
        }
    }
}
