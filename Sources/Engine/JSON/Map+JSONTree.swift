import GraphQL

/// GraphQL's `Map` as the parser builds it (request variables and extensions): object members in order (a repeated
/// key: the last value wins, as `JSON.parse`), numbers through ``JSONNumber`` so the value the client wrote survives.
extension Map: JSONTree {
    public static func object(_ members: [(key: String, value: Map)]) -> Map {
        // `Map.dictionary` holds swift-collections' `OrderedDictionary`; binding it from an empty literal keeps
        // this target free of a direct dependency on OrderedCollections.
        var map: Map = [:]
        guard case .dictionary(var object) = map else { return map }
        for (key, value) in members { object[key] = value }
        map = .dictionary(object)
        return map
    }

    public static func number(_ text: String) -> Map {
        let isInteger = !text.contains { $0 == "." || $0 == "e" || $0 == "E" }
        return .number(JSONNumber.number(for: text, isInteger: isInteger))
    }
}
