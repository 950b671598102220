import Compiler

/// Writes an errors-only response body, `{"errors":[…]}`, with each error's keys in the order the GraphQL
/// spec lists them: `message`, `locations`, `path`, `extensions`.
///
/// Hand-written rather than `JSONEncoder`: Foundation's encoder on Linux does not keep key order (and sorting
/// would put `message` last), and the shape is small and fixed. Strings are escaped per RFC 8259; non-ASCII
/// text is written as UTF-8, not `\u` escapes.
enum ErrorsBody {
    static func encode(_ errors: [GraphQLResponseError]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + errors.count * 96)
        out.append(contentsOf: #"{"errors":["#.utf8)
        for (index, error) in errors.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: #"{"message":"#.utf8)
            appendString(error.message, to: &out)
            if let locations = error.locations {
                out.append(contentsOf: #","locations":["#.utf8)
                for (position, location) in locations.enumerated() {
                    if position > 0 { out.append(UInt8(ascii: ",")) }
                    out.append(contentsOf: #"{"line":\#(location.line),"column":\#(location.column)}"#.utf8)
                }
                out.append(UInt8(ascii: "]"))
            }
            if let path = error.path {
                out.append(contentsOf: #","path":["#.utf8)
                for (position, component) in path.enumerated() {
                    if position > 0 { out.append(UInt8(ascii: ",")) }
                    switch component {
                    case .key(let key): appendString(key, to: &out)
                    case .index(let index): out.append(contentsOf: String(index).utf8)
                    }
                }
                out.append(UInt8(ascii: "]"))
            }
            out.append(contentsOf: #","extensions":{"code":"#.utf8)
            appendString(error.code, to: &out)
            out.append(contentsOf: "}}".utf8)
        }
        out.append(contentsOf: "]}".utf8)
        return out
    }

    /// A JSON string literal: `"` and `\` escaped, control characters as short escapes or `\u00XX`.
    static func appendString(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case 0x0A: out.append(contentsOf: #"\n"#.utf8)
            case 0x0D: out.append(contentsOf: #"\r"#.utf8)
            case 0x09: out.append(contentsOf: #"\t"#.utf8)
            case 0x08: out.append(contentsOf: #"\b"#.utf8)
            case 0x0C: out.append(contentsOf: #"\f"#.utf8)
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: #"\u00"#.utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
