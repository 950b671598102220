import Foundation

/// Relay global ids: base64url (no padding) of `TypeName:key1:key2`, the same text the SQL builds, so
/// an id read from a response can be decoded here to find its type and row.
enum GlobalID {
    /// The SQL expression producing the id of the row at `alias`.
    static func sql(typeName: String, keyColumns: [String], alias: String) -> SQLNode {
        let parts = keyColumns.map { SQLNode.cast(.column(alias, $0), "text") }
        let key = parts.dropFirst().reduce(parts.first ?? .constant("")) { .binary(.binary($0, "||", .constant(":")), "||", $1) }
        return Base64URL.sql(.binary(.constant(typeName + ":"), "||", key))
    }

    /// `(typeName, key values)`, or nil when the text is not an id of ours.
    static func decode(_ id: String) -> (typeName: String, key: [String])? {
        guard let data = Base64URL.decode(id), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, !parts[0].isEmpty else { return nil }
        return (parts[0], Array(parts.dropFirst()))
    }

    static func encode(typeName: String, key: [String]) -> String {
        Base64URL.encode(([typeName] + key).joined(separator: ":"))
    }
}
