import Catalog
import Testing

/// Catalog SQL parsed once into text and holes (`SQLTemplate`): what is a hole and what stays text.
@Suite("Catalog SQL templates")
struct SQLTemplateTests {
    @Test("holes are `{name}` of letters, digits, `_` and `:`; other braces stay text")
    func parsing() {
        let template = SQLTemplate("f({t}.id, {arg:year}, {asOf}) = '{}' AND x = '{\"a\"}' AND y = '{ b }' AND z = '{c'")
        #expect(template.holes == ["t", "arg:year", "asOf"])
        #expect(template.segments.first == .text("f("))
        #expect(template.segments[1] == .hole("t"))
        #expect(template.description == "f({t}.id, {arg:year}, {asOf}) = '{}' AND x = '{\"a\"}' AND y = '{ b }' AND z = '{c'")
        #expect(template.text { $0 == "t" ? "t7" : "?" } == "f(t7.id, ?, ?) = '{}' AND x = '{\"a\"}' AND y = '{ b }' AND z = '{c'")
    }

    @Test("text without holes, a hole alone, and holes side by side")
    func edges() {
        #expect(SQLTemplate("SELECT 1").segments == [.text("SELECT 1")])
        #expect(SQLTemplate("{t}").segments == [.hole("t")])
        #expect(SQLTemplate("{a}{b}").segments == [.hole("a"), .hole("b")])
        #expect(SQLTemplate("").segments.isEmpty)
    }
}
