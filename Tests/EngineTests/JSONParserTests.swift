import Foundation
import GraphQL
@testable import Engine
import Testing

@Suite("JSON → Map")
struct JSONParserTests {
    @Test("objects keep key order, nest, and treat duplicates like JSON.parse (last wins)")
    func structure() throws {
        let map = try JSONParser.parse(#" {"b": [1, true, null, "x"], "a": {"c": {}}, "b2": [], "a": 2} "#, as: Map.self)
        guard case .dictionary(let fields) = map else {
            Issue.record("not an object: \(map)")
            return
        }
        #expect(Array(fields.keys) == ["b", "a", "b2"])
        #expect(fields["b"] == .array([.number(Number(1)), .bool(true), .null, .string("x")]))
        #expect(fields["a"] == .number(Number(2)))
        #expect(fields["b2"] == .array([]))
    }

    @Test("strings: escapes, surrogate pairs, lone surrogates, raw UTF-8")
    func strings() throws {
        #expect(try JSONParser.parse(#""a\"b\\c\/d\b\f\n\r\t""#, as: Map.self) == .string("a\"b\\c/d\u{8}\u{c}\n\r\t"))
        #expect(try JSONParser.parse(#""\u00e9\u4E2D\ud83c\udfc3""#, as: Map.self) == .string("é中🏃"))
        #expect(try JSONParser.parse(#""x\ud800y""#, as: Map.self) == .string("x\u{FFFD}y"))
        #expect(try JSONParser.parse(#""\udc00""#, as: Map.self) == .string("\u{FFFD}"))
        #expect(try JSONParser.parse("\"贵州🏊\"", as: Map.self) == .string("贵州🏊"))
        #expect(try JSONParser.parse("\u{FEFF}\"bom\"", as: Map.self) == .string("bom"))
    }

    @Test("malformed JSON is refused", arguments: [
        "", " ", "{", "{ \"not a JSON", "[1,]", "{\"a\":1,}", "{'a':1}", "01", "1.", ".5", "-", "+1", "1e",
        "tru", "nul", "\"\u{01}\"", "\"\\x\"", "\"\\u12\"", "[1] 2", "NaN", "Infinity", "{\"a\" 1}", "[1 2]",
    ])
    func malformed(text: String) {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(text, as: Map.self) }
    }

    @Test("invalid UTF-8 is refused")
    func invalidUTF8() {
        for bytes: [UInt8] in [[0x22, 0xFF, 0x22], [0x22, 0xC0, 0xAF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xE4, 0xB8, 0x22]] {
            let result = bytes.withUnsafeBytes { buffer in
                Result { () throws(JSONParser.Failure) -> Map in try JSONParser.parse(buffer, as: Map.self) }
            }
            #expect(throws: JSONParser.Failure.self) { try result.get() }
        }
    }

    @Test("nesting deeper than the limit is refused, not a stack overflow")
    func depth() throws {
        let limit = JSONParser.maximumDepth
        _ = try JSONParser.parse(String(repeating: "[", count: limit) + String(repeating: "]", count: limit))
        #expect(throws: JSONParser.Failure.self) {
            try JSONParser.parse(String(repeating: "[", count: 100_000))
        }
    }

    @Test("integers that fit Int stay Int")
    func integers() throws {
        for (text, value) in [("0", 0), ("-0", 0), ("42", 42), ("-17", -17), ("9223372036854775807", Int.max),
                              ("-9223372036854775808", Int.min)] {
            let number = try #require(try number(text))
            #expect(number.storageType == .int, "\(text)")
            #expect(number.intValue == value, "\(text)")
        }
    }

    @Test("decimals exact as a Double stay Double, with the value the client wrote")
    func doubles() throws {
        for text in ["0.1", "12.5", "12.50", "1e-7", "-2.5E3", "1.7976931348623157e308", "9.007199254740992e15",
                     "1e22", "0.30000000000000004"] {
            let number = try #require(try number(text))
            #expect(number.storageType == .double, "\(text)")
            #expect(DecimalLiteral("\(number.doubleValue)") == DecimalLiteral(text), "\(text)")
        }
    }

    @Test("numbers a Double would round keep every digit (money, big integers)")
    func exactDecimals() throws {
        for (text, exact) in [("12345678901234567.89", "12345678901234567.89"),
                              ("9223372036854775808", "9223372036854775808"),
                              ("-123456789012345678901234567890.5", "-123456789012345678901234567890.5"),
                              ("0.1000000000000000055511151231257827", "0.1000000000000000055511151231257827")] {
            let number = try #require(try number(text))
            #expect(number.storageType == .unknown, "\(text)")
            #expect(number.stringValue == exact)
        }
    }

    @Test("beyond 38 significant digits or Double's range: the nearest Double")
    func fallbacks() throws {
        let long = try #require(try number("1.23456789012345678901234567890123456789012"))
        #expect(long.storageType == .double)
        #expect(long.doubleValue == 1.2345678901234568)
        let huge = try #require(try number("1e400"))
        #expect(huge.doubleValue == .infinity)
    }

    @Test("DecimalLiteral compares values, not spellings")
    func decimalLiteral() {
        #expect(DecimalLiteral("12.50") == DecimalLiteral("1.25e1"))
        #expect(DecimalLiteral("0.000") == DecimalLiteral("-0"))
        #expect(DecimalLiteral("100") == DecimalLiteral("1e+02"))
        #expect(DecimalLiteral("0.1") != DecimalLiteral("0.10000000000000001"))
        #expect(DecimalLiteral("inf") == nil)
    }

    private func number(_ text: String) throws -> Number? {
        if case .number(let number) = try JSONParser.parse(text, as: Map.self) { return number }
        return nil
    }
}

/// The same parser as the command line reads answers with: order and digits kept.
@Suite("JSON → JSONValue")
struct JSONValueParsingTests {
    @Test("members in written order, repeated keys kept (the last one answers), numbers as written")
    func orderAndDigits() throws {
        let value = try JSONParser.parse(#"{"b": 12345678901234567.89, "a": [1e-7, -0, 2], "b": "x"}"#)
        guard case .object(let members) = value else {
            Issue.record("not an object: \(value)")
            return
        }
        #expect(members.map(\.key) == ["b", "a", "b"])
        #expect(members[0].value == .number("12345678901234567.89"))
        #expect(value["a"] == .array([.number("1e-7"), .number("-0"), .number("2")]))
        #expect(value["b"] == .string("x"))
    }

    @Test("the command line's deeper limit is a parameter")
    func depth() throws {
        let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(deep) }
        #expect(try JSONParser.parse(deep, maximumDepth: 512) != .null)
    }
}
