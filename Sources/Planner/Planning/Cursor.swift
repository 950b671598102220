import Foundation

/// Opaque keyset cursors: base64url of a JSON array `[fingerprint, value1, …]` holding the text of
/// every order column of a row (the requested order, then the key).
///
/// The fingerprint names the entity and its order, so a cursor from another list or another order is
/// refused with a clear error instead of silently paging through the wrong rows.
enum Cursor {
    /// The SQL expression producing the cursor of the row whose order values are `values`.
    static func sql(fingerprint: String, values: [SQLNode]) -> SQLNode {
        Base64URL.sql(.cast(.call("json_build_array", [.constant(fingerprint)] + values.map { .cast($0, "text") }), "text"))
    }

    /// The order values of a cursor, checked against the expected fingerprint and column count.
    static func decode(_ cursor: String, fingerprint: String, count: Int) -> [String?]? {
        guard let data = Base64URL.decode(cursor),
              let array = try? JSONSerialization.jsonObject(with: data) as? [Any],
              array.count == count + 1, array.first as? String == fingerprint
        else { return nil }
        return array.dropFirst().map { $0 as? String }
    }

    /// A short, stable fingerprint of an entity's order (FNV-1a of its description).
    static func fingerprint(_ description: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in description.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return "c1." + String(hash, radix: 36)
    }
}
