import Engine
import Foundation
import Planner

extension JSONValue {
    /// The text a table cell shows: strings bare, numbers as written, `null` as empty.
    public var cellText: String {
        switch self {
        case .string(let text), .number(let text): return text
        case .bool(let value): return value ? "true" : "false"
        case .null: return ""
        case .array, .object: return JSONWriter.compact(self)
        }
    }
}

/// Writes ``JSONValue``s back as text, compact or indented, keeping the key order.
public enum JSONWriter {
    public static func compact(_ value: JSONValue) -> String {
        var output = ""
        write(value, indent: nil, level: 0, into: &output)
        return output
    }

    public static func pretty(_ value: JSONValue) -> String {
        var output = ""
        write(value, indent: "  ", level: 0, into: &output)
        return output
    }

    private static func write(_ value: JSONValue, indent: String?, level: Int, into output: inout String) {
        let newline = indent.map { "\n" + String(repeating: $0, count: level + 1) } ?? ""
        let closing = indent.map { "\n" + String(repeating: $0, count: level) } ?? ""
        switch value {
        case .object(let members):
            guard !members.isEmpty else { output += "{}"; return }
            output += "{"
            for (position, member) in members.enumerated() {
                if position > 0 { output += "," }
                output += newline + GraphQLResponseError.quoted(member.key) + (indent == nil ? ":" : ": ")
                write(member.value, indent: indent, level: level + 1, into: &output)
            }
            output += closing + "}"
        case .array(let items):
            guard !items.isEmpty else { output += "[]"; return }
            output += "["
            for (position, item) in items.enumerated() {
                if position > 0 { output += "," }
                output += newline
                write(item, indent: indent, level: level + 1, into: &output)
            }
            output += closing + "]"
        case .string(let text): output += GraphQLResponseError.quoted(text)
        case .number(let text): output += text
        case .bool(let flag): output += flag ? "true" : "false"
        case .null: output += "null"
        }
    }
}
