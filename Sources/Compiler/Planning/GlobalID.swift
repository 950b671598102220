import Foundation

/// Relay global ids: base64url (no padding) of `TypeName:key1:key2`, the same text the SQL builds, so
/// an id read from a response can be decoded here to find its type and row.
enum GlobalID {
    /// The SQL expression producing the id of the row at `alias`.
    static func sql(typeName: String, keyColumns: [String], alias: String) -> String {
        let parts = keyColumns.map { "\(alias).\($0)::text" }.joined(separator: " || ':' || ")
        return "translate(encode(convert_to(\(SQLRenderer.quote(typeName + ":")) || \(parts), 'UTF8'), 'base64'), E'+/=\\n', '-_')"
    }

    /// `(typeName, key values)`, or nil when the text is not an id of ours.
    static func decode(_ id: String) -> (typeName: String, key: [String])? {
        var base64 = id.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, !parts[0].isEmpty else { return nil }
        return (parts[0], Array(parts.dropFirst()))
    }

    static func encode(typeName: String, key: [String]) -> String {
        Data((([typeName] + key).joined(separator: ":")).utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
