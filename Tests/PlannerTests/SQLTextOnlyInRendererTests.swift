import Foundation
import TestSupport
import Testing

/// SQL text belongs in one place: `Sources/Planner/SQL/` (the AST and `SQLRenderer`), beside the catalog's own SQL
/// (`Sources/Catalog`: table and column names, and templates parsed once when the catalog is built, whose holes the
/// planner fills with nodes). Every other file of the planner and the engine builds AST nodes (issue 17 §2); this test
/// fails when one writes SQL text.
///
/// What counts as SQL text: `SQLTemplate(` (a template written outside the catalog), `SQLRenderer.render(` inside the
/// planner (AST turned back into text mid-build; the engine renders whole statements), `SQLRenderer.quote(`, and string
/// literals holding SQL — a keyword such as SELECT, FROM, JOIN, ORDER BY or json_agg beside other tokens (a bare
/// function name given to `.call` is not text).
@Suite("SQL text only in the renderer")
struct SQLTextOnlyInRendererTests {
    /// A string literal holding an SQL keyword (made per call: `Regex` is not `Sendable`).
    static func keywords() throws -> Regex<AnyRegexOutput> {
        try Regex(#""(?:[^"\\\n]|\\.)*\b(?:SELECT|FROM|WHERE|JOIN|GROUP BY|ORDER BY|LIMIT|OVER|EXISTS|json_agg|json_build_object|coalesce|count\(\*\))\b(?:[^"\\\n]|\\.)*""#)
    }
    static let markers = ["SQLTemplate(", "SQLRenderer.quote("]

    /// SQL text in one file's source, by the rules above; `planner`: whether the file is the planner's, where rendering
    /// mid-build counts too.
    static func count(_ source: String, planner: Bool = true) throws -> Int {
        let literals = source.matches(of: try keywords()).filter { match in
            let text = source[match.range].dropFirst().dropLast()
            return text.contains(where: { $0 == " " || $0 == "(" || $0 == "." })
        }.count
        return literals + (markers + (planner ? ["SQLRenderer.render("] : [])).reduce(0) { $0 + source.components(separatedBy: $1).count - 1 }
    }

    @Test("no file of the planner outside SQL/, nor of the engine, writes SQL text")
    func noSQLText() throws {
        var files: [(url: URL, planner: Bool)] = []
        for (folder, planner) in [("Sources/Planner", true), ("Sources/Engine", false)] {
            let found = FileManager.default.enumerator(at: Repository.url(folder), includingPropertiesForKeys: nil)?
                .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" && !$0.path.contains("/Sources/Planner/SQL/") } ?? []
            #expect(found.count > 10, "the sources of \(folder) were found")
            files += found.map { ($0, planner) }
        }
        for file in files {
            let count = try Self.count(try String(contentsOf: file.url, encoding: .utf8), planner: file.planner)
            #expect(count == 0, "\(file.url.lastPathComponent) writes \(count) pieces of SQL text: build AST nodes (Sources/Planner/SQL/SQLNode.swift) instead")
        }
    }

    @Test("the counter sees spliced text, mid-build rendering and SQL literals, not bare function names")
    func counter() throws {
        #expect(try Self.count(#"x.template(SQLTemplate("{t}.b = c"), [:])"#) == 1)
        #expect(try Self.count(#"let s = "SELECT 1 FROM t""#) == 1)
        #expect(try Self.count(#".call("coalesce", [a, b])"#) == 0)
        #expect(try Self.count(#"SQLRenderer.render(node) + SQLRenderer.quote(x)"#) == 2)
        #expect(try Self.count(#"SQLRenderer.render(statement)"#, planner: false) == 0)
    }
}
