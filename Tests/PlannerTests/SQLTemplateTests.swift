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

    @Test("a relation's condition takes a value for the related row's key only when it reads nothing else of that row")
    func replacingColumn() {
        let prefecture = SQLTemplate("{t}.applicant_county_code IN (SELECT code FROM county WHERE prefecture_code = {r}.code)")
        let keyed = prefecture.replacingColumn("code", of: "r", with: "key")
        #expect(keyed?.description == "{t}.applicant_county_code IN (SELECT code FROM county WHERE prefecture_code = {key})")
        #expect(keyed?.holes == ["t", "key"])
        #expect(SQLTemplate("{r}.code = {t}.county_code AND {r}.code <> ''").replacingColumn("code", of: "r", with: "key")?.description
                == "{key} = {t}.county_code AND {key} <> ''")
        // Another column of the row, a longer name that starts alike, the row alone, or no such hole: not replaceable.
        #expect(SQLTemplate("{r}.code = {t}.x AND {r}.kind = 'A'").replacingColumn("code", of: "r", with: "key") == nil)
        #expect(SQLTemplate("{r}.code_2 = {t}.x").replacingColumn("code", of: "r", with: "key") == nil)
        #expect(SQLTemplate("f({r}) = {t}.x").replacingColumn("code", of: "r", with: "key") == nil)
        #expect(SQLTemplate("{r}").replacingColumn("code", of: "r", with: "key") == nil)
        #expect(SQLTemplate("{t}.x = 1").replacingColumn("code", of: "r", with: "key") == nil)
    }
}
