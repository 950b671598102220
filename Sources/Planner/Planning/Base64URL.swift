import Foundation

/// base64url without padding (RFC 4648 §5): the alphabet of our global ids and cursors, which must survive
/// URLs (GET requests) unescaped. The SQL side produces the same text with `translate(encode(…, 'base64'), …)`.
enum Base64URL {
    static func encode(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }

    /// The SQL expression encoding the UTF-8 text `expression` the same way: base64, then `+/` → `-_`, padding
    /// and the line breaks `encode` inserts every 76 characters dropped.
    static func sql(_ expression: SQLNode) -> SQLNode {
        .call("translate", [
            .call("encode", [.call("convert_to", [expression, .constant("UTF8")]), .constant("base64")]),
            .binary(.constant("+/="), "||", .call("chr", [.integer(10)])),
            .constant("-_"),
        ])
    }
}
