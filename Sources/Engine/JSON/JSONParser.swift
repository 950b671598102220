import Foundation

/// Parses JSON text (RFC 8259) into a ``JSONTree``: object members in input order, numbers as the text the
/// client wrote. The one JSON parser of qunji: the server reads request bodies with it straight into GraphQL's `Map`
/// (numbers exact, in one pass), the command line reads answers with it into ``JSONValue`` (tables and CSV keep the
/// selection's order and every digit).
///
/// Why not `JSONDecoder` or `JSONSerialization`: GraphQL 4.3.0 decodes every number through `Double` (a
/// `Decimal` variable such as `12345678901234567.89` or an integer above 2^53 would silently change), and
/// Foundation's dictionaries lose the key order responses are defined by.
///
/// Strings must be valid UTF-8 (checked once up front); `\u` escapes that form a lone surrogate become U+FFFD, as
/// Swift strings cannot hold them. Nesting is limited (`maximumDepth`) so hostile input cannot exhaust the stack.
///
/// Thread safety: a value type used by one caller at a time; `parse` is a pure function.
public struct JSONParser {
    /// Why a text is not acceptable JSON; `description` is shown to the client.
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public let description: String
        /// Byte offset where parsing stopped.
        public let offset: Int
    }

    /// Deeper nesting than this is rejected: GraphQL variables never need it.
    public static let maximumDepth = 128

    /// Parses a complete JSON text: one value, optionally surrounded by whitespace (a leading UTF-8 BOM is
    /// skipped).
    public static func parse(_ bytes: UnsafeRawBufferPointer, maximumDepth: Int = maximumDepth) throws(Failure) -> JSONValue {
        try parse(bytes, as: JSONValue.self, maximumDepth: maximumDepth)
    }

    /// `parse` into any ``JSONTree`` (GraphQL's `Map` for a request body), built as the text is read.
    public static func parse<Tree: JSONTree>(_ bytes: UnsafeRawBufferPointer, as tree: Tree.Type,
                                              maximumDepth: Int = maximumDepth) throws(Failure) -> Tree {
        guard isValidUTF8(bytes) else {
            throw Failure(description: "the body is not valid UTF-8", offset: 0)
        }
        var parser = JSONParser(bytes: bytes, maximumDepth: maximumDepth)
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            parser.index = 3
        }
        parser.skipWhitespace()
        let value: Tree = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.index == bytes.count else {
            throw parser.failure("unexpected data after the JSON value")
        }
        return value
    }

    /// `parse` for text.
    public static func parse(_ text: String, maximumDepth: Int = maximumDepth) throws(Failure) -> JSONValue {
        try parse(text, as: JSONValue.self, maximumDepth: maximumDepth)
    }

    /// `parse` for text, into any ``JSONTree``.
    public static func parse<Tree: JSONTree>(_ text: String, as tree: Tree.Type, maximumDepth: Int = maximumDepth) throws(Failure) -> Tree {
        var text = text
        // `withUTF8` rethrows untyped errors: carry the typed one out in a `Result`.
        return try text.withUTF8 { buffer in
            Result { () throws(Failure) -> Tree in try parse(UnsafeRawBufferPointer(buffer), as: tree, maximumDepth: maximumDepth) }
        }.get()
    }

    private let bytes: UnsafeRawBufferPointer
    private let maximumDepth: Int
    private var index = 0

    private init(bytes: UnsafeRawBufferPointer, maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    // MARK: Values

    private mutating func parseValue<Tree: JSONTree>(depth: Int) throws(Failure) -> Tree {
        guard index < bytes.count else { throw failure("unexpected end of JSON") }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["):
            return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try parseNumber())
        default:
            throw failure("unexpected character")
        }
    }

    private mutating func parseObject<Tree: JSONTree>(depth: Int) throws(Failure) -> Tree {
        guard depth <= maximumDepth else { throw failure("JSON nested deeper than \(maximumDepth) levels") }
        index += 1  // {
        var members: [(key: String, value: Tree)] = []
        skipWhitespace()
        if peek(UInt8(ascii: "}")) {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard peek(UInt8(ascii: "\"")) else { throw failure("expected a string key") }
            let key = try parseString()
            skipWhitespace()
            guard peek(UInt8(ascii: ":")) else { throw failure("expected ':' after an object key") }
            index += 1
            skipWhitespace()
            members.append((key, try parseValue(depth: depth) as Tree))
            skipWhitespace()
            guard index < bytes.count else { throw failure("unterminated object") }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "}"):
                index += 1
                return .object(members)
            default:
                throw failure("expected ',' or '}' in an object")
            }
        }
    }

    private mutating func parseArray<Tree: JSONTree>(depth: Int) throws(Failure) -> Tree {
        guard depth <= maximumDepth else { throw failure("JSON nested deeper than \(maximumDepth) levels") }
        index += 1  // [
        var array: [Tree] = []
        skipWhitespace()
        if peek(UInt8(ascii: "]")) {
            index += 1
            return .array(array)
        }
        while true {
            skipWhitespace()
            array.append(try parseValue(depth: depth) as Tree)
            skipWhitespace()
            guard index < bytes.count else { throw failure("unterminated array") }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "]"):
                index += 1
                return .array(array)
            default:
                throw failure("expected ',' or ']' in an array")
            }
        }
    }

    // MARK: Strings

    /// Reads a string starting at its opening quote. Unescaped runs are copied as they are (the body is
    /// valid UTF-8, checked in `parse`); escapes are decoded into a scratch buffer only when present.
    private mutating func parseString() throws(Failure) -> String {
        index += 1  // opening quote
        let start = index
        // Fast path: no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let string = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return string
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw failure("control character in a string") }
            index += 1
        }
        var scratch = [UInt8](UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: scratch, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw failure("unterminated string") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): scratch.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): scratch.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "/"): scratch.append(UInt8(ascii: "/"))
                case UInt8(ascii: "b"): scratch.append(0x08)
                case UInt8(ascii: "f"): scratch.append(0x0C)
                case UInt8(ascii: "n"): scratch.append(0x0A)
                case UInt8(ascii: "r"): scratch.append(0x0D)
                case UInt8(ascii: "t"): scratch.append(0x09)
                case UInt8(ascii: "u"):
                    let scalar = try parseUnicodeEscape()
                    scratch.append(contentsOf: String(Character(scalar)).utf8)
                default:
                    throw failure("invalid escape in a string")
                }
            default:
                if byte < 0x20 { throw failure("control character in a string") }
                scratch.append(byte)
                index += 1
            }
        }
        throw failure("unterminated string")
    }

    /// After `\u`: four hex digits, combined with a following `\uDC00`–`\uDFFF` when they are a high surrogate.
    private mutating func parseUnicodeEscape() throws(Failure) -> Unicode.Scalar {
        let first = try readHex4()
        switch first {
        case 0xD800...0xDBFF:
            if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                let save = index
                index += 2
                let second = try readHex4()
                if (0xDC00...0xDFFF).contains(second) {
                    let value = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                    return Unicode.Scalar(value) ?? "\u{FFFD}"
                }
                index = save  // not a pair: the next escape is read on its own
            }
            return "\u{FFFD}"
        case 0xDC00...0xDFFF:
            return "\u{FFFD}"
        default:
            return Unicode.Scalar(first) ?? "\u{FFFD}"
        }
    }

    private mutating func readHex4() throws(Failure) -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw failure("invalid \\u escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    // MARK: Numbers

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, kept as written.
    private mutating func parseNumber() throws(Failure) -> String {
        let start = index
        if peek(UInt8(ascii: "-")) { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw failure("invalid number") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            skipDigits()
        }
        if peek(UInt8(ascii: ".")) {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw failure("invalid number") }
            skipDigits()
        }
        if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
            index += 1
            if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw failure("invalid number") }
            skipDigits()
        }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    private mutating func skipDigits() {
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    // MARK: Helpers

    private mutating func expectLiteral(_ literal: StaticString) throws(Failure) {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw failure("unexpected end of JSON") }
        let matches = literal.withUTF8Buffer { expected in
            expected.indices.allSatisfy { bytes[index + $0] == expected[$0] }
        }
        guard matches else { throw failure("unexpected character") }
        index += count
    }

    private func peek(_ byte: UInt8) -> Bool {
        index < bytes.count && bytes[index] == byte
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private func failure(_ message: String) -> Failure {
        Failure(description: "\(message) at byte \(index)", offset: index)
    }

    /// Whole-buffer UTF-8 check (rejects overlong forms, surrogates and truncated sequences).
    private static func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        // ASCII is by far the common case: skip the scalar parser when every byte is below 0x80.
        if bytes.allSatisfy({ $0 < 0x80 }) { return true }
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}
