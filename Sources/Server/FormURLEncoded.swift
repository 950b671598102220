/// Decodes an `application/x-www-form-urlencoded` query string as the WHATWG URL standard does
/// (what browsers' `URLSearchParams` produce and what the graphql-http audits send).
///
/// Hummingbird's `URI.queryParameters` percent-decodes but keeps `+` as is, while `URLSearchParams`
/// encodes a space as `+`: `?query={+__typename+}` must reach the parser as `{ __typename }`.
/// Invalid percent sequences are kept literally and invalid UTF-8 becomes U+FFFD, as the standard says.
enum FormURLEncoded {
    /// All `name=value` pairs in order; a pair without `=` has an empty value, empty pieces are skipped.
    static func decode(_ query: Substring) -> [(name: String, value: String)] {
        query.split(separator: "&", omittingEmptySubsequences: true).map { piece in
            if let equals = piece.firstIndex(of: "=") {
                return (percentDecode(piece[..<equals]), percentDecode(piece[piece.index(after: equals)...]))
            }
            return (percentDecode(piece), "")
        }
    }

    /// The first value of `name` (as `URLSearchParams.get`), nil when absent.
    static func firstValue(of name: String, in pairs: [(name: String, value: String)]) -> String? {
        pairs.first { $0.name == name }?.value
    }

    static func percentDecode(_ text: Substring) -> String {
        let utf8 = Array(text.utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
                index += 1
            } else if byte == UInt8(ascii: "%"), index + 2 < utf8.count,
                let high = hexValue(utf8[index + 1]), let low = hexValue(utf8[index + 2])
            {
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(byte)
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
