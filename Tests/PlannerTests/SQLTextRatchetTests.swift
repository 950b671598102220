import Foundation
import TestSupport
import Testing

/// SQL text belongs in one place: `Sources/Planner/SQL/` (the AST and `SQLRenderer`). Everything else builds AST
/// nodes (issue 17 §2). Not all builders do yet, so this is a ratchet: each file of the planner outside `SQL/` may
/// hold at most the SQL text it held when the rule was set (`SQLTextBudget.json`), and when a file holds less, its
/// budget must come down with it — the count only ever falls, until every budget is 0.
///
/// What counts as SQL text: `.fragment(` and `.template(` (text spliced into the AST), `SQLRenderer.render(` and
/// `SQLRenderer.quote(` (AST turned back into text mid-build), and string literals holding SQL — a keyword such as
/// SELECT, FROM, JOIN, ORDER BY or json_agg beside other tokens (a bare function name given to `.call` is not text).
@Suite("SQL text only in the renderer")
struct SQLTextRatchetTests {
    /// A string literal holding an SQL keyword (made per call: `Regex` is not `Sendable`).
    static func keywords() throws -> Regex<AnyRegexOutput> {
        try Regex(#""(?:[^"\\\n]|\\.)*\b(?:SELECT|FROM|WHERE|JOIN|GROUP BY|ORDER BY|LIMIT|OVER|EXISTS|json_agg|json_build_object|coalesce|count\(\*\))\b(?:[^"\\\n]|\\.)*""#)
    }
    static let markers = [".fragment(", ".template(", "SQLRenderer.render(", "SQLRenderer.quote("]

    /// SQL text in one file's source, by the rules above.
    static func count(_ source: String) throws -> Int {
        let literals = source.matches(of: try keywords()).filter { match in
            let text = source[match.range].dropFirst().dropLast()
            return text.contains(where: { $0 == " " || $0 == "(" || $0 == "." })
        }.count
        return literals + markers.reduce(0) { $0 + source.components(separatedBy: $1).count - 1 }
    }

    @Test("no file of the planner outside SQL/ holds more SQL text than its budget, and none holds less")
    func ratchet() throws {
        let budgetURL = Repository.url("Tests/PlannerTests/SQLTextBudget.json")
        let budget = try JSONDecoder().decode([String: Int].self, from: Data(contentsOf: budgetURL))
        let root = Repository.url("Sources/Planner")
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" && !$0.path.contains("/Sources/Planner/SQL/") } ?? []
        #expect(files.count > 10, "the planner's sources were found")
        var counted: [String: Int] = [:]
        for file in files {
            guard let start = file.path.range(of: "/Sources/Planner/") else { continue }
            let name = String(file.path[file.path.index(after: start.lowerBound)...])
            counted[name] = try Self.count(try String(contentsOf: file, encoding: .utf8))
        }
        for (name, count) in counted.sorted(by: { $0.key < $1.key }) {
            let allowed = budget[name] ?? 0
            #expect(count <= allowed, "\(name) holds \(count) pieces of SQL text, more than its budget of \(allowed): build AST nodes (Sources/Planner/SQL/SQLNode.swift) instead")
            #expect(count >= allowed, "\(name) now holds \(count) pieces of SQL text: lower its budget in Tests/PlannerTests/SQLTextBudget.json from \(allowed) to \(count)")
        }
        for name in budget.keys where counted[name] == nil {
            Issue.record("\(name) is in SQLTextBudget.json but no longer exists: remove it")
        }
    }

    @Test("the counter sees spliced text, mid-build rendering and SQL literals, not bare function names")
    func counter() throws {
        #expect(try Self.count(#"x.fragment("a.b = c")"#) == 1)
        #expect(try Self.count(#"let s = "SELECT 1 FROM t""#) == 1)
        #expect(try Self.count(#".call("coalesce", [a, b])"#) == 0)
        #expect(try Self.count(#"SQLRenderer.render(node) + SQLRenderer.quote(x)"#) == 2)
    }
}
