/// SQL the catalog writes, over named holes (`{t}` the row, `{r}` a related row, `{asOf}` the day, `{arg:year}` an
/// argument, `{region}` the principal's region), parsed once — when the catalog is built, at start-up — into text and
/// holes. The planner fills the holes with AST nodes and the renderer writes the text around them, so nothing scans or
/// replaces placeholders per request, and a value never becomes part of the text.
///
/// A hole is `{` + a name of letters, digits, `_` or `:` + `}`; any other brace is text (array literals such as
/// `'{}'`).
public struct SQLTemplate: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    public enum Segment: Sendable, Hashable {
        case text(String)
        case hole(String)
    }

    public let segments: [Segment]
    /// The names of its holes.
    public let holes: Set<String>

    public init(_ text: String) {
        var segments: [Segment] = []
        var holes: Set<String> = []
        var pending = ""
        var rest = text[...]
        while let open = rest.firstIndex(of: "{") {
            pending += rest[..<open]
            let afterOpen = rest.index(after: open)
            let name = rest[afterOpen...].prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" }
            let close = name.endIndex
            if !name.isEmpty, close < rest.endIndex, rest[close] == "}" {
                if !pending.isEmpty { segments.append(.text(pending)) }
                pending = ""
                segments.append(.hole(String(name)))
                holes.insert(String(name))
                rest = rest[rest.index(after: close)...]
            } else {
                pending += "{"
                rest = rest[afterOpen...]
            }
        }
        pending += rest
        if !pending.isEmpty { segments.append(.text(pending)) }
        self.segments = segments
        self.holes = holes
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    private init(segments: [Segment]) {
        self.segments = segments
        self.holes = Set(segments.compactMap { if case .hole(let name) = $0 { name } else { nil } })
    }

    /// The template with every `{hole}.column` replaced by the hole `{replacement}`, or nil when `{hole}` appears in
    /// any other way (another column, or alone): then the template needs more of that row than the one column.
    /// So a relation's condition can take a value in place of the related row when a filter names only its key.
    public func replacingColumn(_ column: String, of hole: String, with replacement: String) -> SQLTemplate? {
        var output: [Segment] = []
        var index = segments.startIndex
        var replaced = false
        while index < segments.endIndex {
            guard case .hole(hole) = segments[index] else {
                output.append(segments[index])
                index += 1
                continue
            }
            let next = index + 1
            guard next < segments.endIndex, case .text(let text) = segments[next], text.hasPrefix("." + column) else { return nil }
            let rest = text.dropFirst(column.count + 1)
            if let following = rest.first, following.isLetter || following.isNumber || following == "_" { return nil }
            output.append(.hole(replacement))
            if !rest.isEmpty { output.append(.text(String(rest))) }
            replaced = true
            index = next + 1
        }
        return replaced ? SQLTemplate(segments: output) : nil
    }

    /// The template with its holes written back: for messages and fingerprints, never for SQL.
    public var description: String {
        text { "{" + $0 + "}" }
    }

    /// The text with each hole replaced by `fill(name)`: for fingerprints (cursor signatures), never for SQL sent to
    /// the database with values in it.
    public func text(_ fill: (String) -> String) -> String {
        var output = ""
        for segment in segments {
            switch segment {
            case .text(let text): output += text
            case .hole(let name): output += fill(name)
            }
        }
        return output
    }
}
