import EmbeddedPostgres
import Foundation
import Postgres
import TestSupport
import Testing

/// `qunji query`, `qunji check` and `qunji schema print` as an analyst runs them: real processes, a real
/// PostgreSQL with the sample data, and the answers compared with what the database itself says.
@Suite("qunji for analysts")
struct AnalystCommandTests {
    /// A migrated database with the sample data, loaded through the commands themselves.
    static func sampleDatabase() async throws -> PostgresConfiguration {
        let database = try await TestDatabase.shared.freshDatabase("cli-analyst")
        let url = database.connectionString
        #expect(try await CommandRunner.run(["migrate", "--database-url", url]).status == 0)
        #expect(try await CommandRunner.run(["seed", "--database-url", url]).status == 0)
        return database
    }

    @Test("query on a database: a table, CSV and JSON with the database's own figures; errors point at the query")
    func queryOnDatabase() async throws {
        let database = try await Self.sampleDatabase()
        let url = database.connectionString
        let clusters = try await ProjectDatabase.withConnection(database) { connection in
            try connection.query("SELECT p.name, count(c.id) FROM prefecture p JOIN county k ON k.prefecture_code = p.code "
                                 + "JOIN cluster c ON c.applicant_county_code = k.code GROUP BY p.code, p.name ORDER BY p.code")
        }
        let query = "{ prefectures { totalCount nodes { code name clusters { totalCount } } } }"

        let table = try await CommandRunner.run(["query", query, "--database-url", url, "--log-level", "warning"])
        #expect(table.status == 0, "\(table.error)")
        #expect(table.output.contains("prefectures  (totalCount: 9)"), "\(table.output)")
        #expect(table.output.contains("code    name") && table.output.contains("clusters.totalCount"))
        #expect(table.output.contains("(9 rows)"))
        for row in 0..<clusters.count {
            let name = clusters[row, 0] ?? "?", count = clusters[row, 1] ?? "?"
            // The name, padding, then the count right-aligned at the end of its line.
            #expect(table.output.split(separator: "\n").contains { $0.contains(name) && $0.hasSuffix(" " + count) },
                    "\(name) \(count) in\n\(table.output)")
        }

        let csv = try await CommandRunner.run(["query", query, "--format", "csv", "--database-url", url, "--log-level", "warning"])
        let lines = csv.output.split(whereSeparator: \.isNewline)
        #expect(lines.first == "code,name,clusters.totalCount")
        #expect(lines.count == 10)
        #expect(lines.contains { $0.hasPrefix("520300,遵义市,") })

        let json = try await CommandRunner.run(["query", "query($code: ID!) { prefecture(code: $code) { name } }",
                                                "--var", "code=520300", "--format", "json", "--database-url", url, "--log-level", "warning"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any], "\(json.output)")
        #expect(((object["data"] as? [String: Any])?["prefecture"] as? [String: Any])?["name"] as? String == "遵义市")

        // Nested lists of objects inside one object become tables of their own.
        let progress = try await CommandRunner.run(["query", "{ targetProgress { target byYear { year recognized } } }",
                                                    "--database-url", url, "--log-level", "warning"])
        #expect(progress.output.contains("targetProgress.byYear") && progress.output.contains("(5 rows)"), "\(progress.output)")

        let wrong = try await CommandRunner.run(["query", "{ clusters { nodes { nam } } }", "--database-url", url, "--log-level", "warning"])
        #expect(wrong.status == 1)
        #expect(wrong.error.contains("GRAPHQL_VALIDATION_FAILED") && wrong.error.contains("at 1:22"), "\(wrong.error)")
    }

    @Test("query over HTTP against a running server, as anonymous: the role's schema applies")
    func queryOverHTTP() async throws {
        let database = try await Self.sampleDatabase()
        let port = try LocalPort.pickFree()
        let server = try CommandRunner(["serve", "--database-url", database.connectionString, "--port", String(port), "--log-level", "info"])
        defer { server.process.terminate() }
        let up = try await server.wait(upTo: .seconds(60)) { $0.errorOutput.contains("serving GraphQL") || $0.output.contains("serving GraphQL") || !$0.process.isRunning }
        #expect(up && server.process.isRunning, "\(server.errorOutput)")
        let endpoint = "http://127.0.0.1:\(port)"
        let answer = try await CommandRunner.run(["query", "{ clusters(first: 3) { totalCount nodes { code } } }", "--url", endpoint])
        #expect(answer.status == 0, "\(answer.error)")
        #expect(answer.output.contains("clusters  (totalCount: 53)") && answer.output.contains("(3 rows)"), "\(answer.output)")
        // Anonymous cannot see individual support measures: a validation error, exit status 1.
        let hidden = try await CommandRunner.run(["query", "{ supportMeasures { totalCount } }", "--url", endpoint])
        #expect(hidden.status == 1 && hidden.error.contains("GRAPHQL_VALIDATION_FAILED"), "\(hidden.error)")
        // An empty --api-key is no key (it was sent as an empty Bearer header, and refused).
        let emptyKey = try await CommandRunner.run(["query", "{ clusters(first: 1) { totalCount } }", "--url", endpoint, "--api-key", ""])
        #expect(emptyKey.status == 0 && emptyKey.output.contains("53"), "\(emptyKey.output) \(emptyKey.error)")
        // No server there: exit status 2 and a hint.
        let nowhere = try await CommandRunner.run(["query", "{ __typename }", "--url", "http://127.0.0.1:\(try LocalPort.pickFree())"])
        #expect(nowhere.status == 2 && nowhere.error.contains("cannot reach"), "\(nowhere.error)")
    }

    @Test("tables hide nothing: a list inside each row becomes a table of its own, a shortened cell is said; CSV has no empty object column")
    func tablesHideNothing() async throws {
        let database = try await Self.sampleDatabase()
        let url = database.connectionString
        let query = """
            { clusters(first: 3, asOf: "2026-06-30", where: {revocationRiskCount: {gt: 1}}) { nodes { code revocationRisks { ground evidenceEn } } } }
            """
        let risks = try await ProjectDatabase.withConnection(database) { connection in
            try connection.query("""
                SELECT count(*) FROM (SELECT c.id FROM cluster c WHERE (SELECT count(*) FROM cluster_revocation_risks(c.id, '2026-06-30')) > 1
                                      ORDER BY c.code LIMIT 3) x, cluster_revocation_risks(x.id, '2026-06-30')
                """).scalar
        }
        let table = try await CommandRunner.run(["query", query, "--database-url", url, "--log-level", "warning"])
        #expect(table.status == 0, "\(table.error)")
        // Every risk is a row of the table clusters.revocationRisks (it was a cell cut at 60 columns).
        let lines = table.output.split(separator: "\n").map(String.init)
        let child = try #require(lines.firstIndex(of: "clusters.revocationRisks"), "\(table.output)")
        #expect(lines[child + 1].hasPrefix("row") && table.output.contains("(\(risks ?? "?") rows)"), "\(table.output)")
        #expect(table.output.contains("→ clusters.revocationRisks"))
        // Evidence longer than a cell: shortened, and said so.
        #expect(table.output.contains("shortened to 60 columns") && table.output.contains("--format csv"), "\(table.output)")
        let csv = try await CommandRunner.run(["query", query, "--format", "csv", "--database-url", url, "--log-level", "warning"])
        #expect(!csv.output.contains("…"), "CSV keeps every cell whole")

        // Groups keyed by fund include the measures without one: no empty `key.fund` column beside `key.fund.name`.
        let funds = try await CommandRunner.run(["query", "{ supportMeasureGroups(groupBy: [FUND]) { key { fund { name } } count } }",
                                                 "--format", "csv", "--database-url", url, "--log-level", "warning"])
        #expect(funds.output.split(whereSeparator: \.isNewline).first == "key.fund.name,count", "\(funds.output)")
    }

    @Test("check reports file:line:column for parse, validation and compiler errors; schema print is the role's SDL")
    func checkAndSchema() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qunji-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("good.graphql").path
        let bad = folder.appendingPathComponent("bad.graphql").path
        let badDate = folder.appendingPathComponent("date.graphql").path
        try "query Progress { targetProgress { target recognized } }\n".write(toFile: good, atomically: true, encoding: .utf8)
        try "query A {\n  clusters(first: 2) {\n    nodes { code nam }\n  }\n}\n".write(toFile: bad, atomically: true, encoding: .utf8)
        try "{ targetProgress(asOf: \"2025-13-45\") { target } }\n".write(toFile: badDate, atomically: true, encoding: .utf8)

        let ok = try await CommandRunner.run(["check", good, "--log-level", "warning"])
        #expect(ok.status == 0 && ok.error.contains("no errors"), "\(ok.output) \(ok.error)")
        let failed = try await CommandRunner.run(["check", good, bad, badDate, "--log-level", "warning"])
        #expect(failed.status == 1)
        #expect(failed.output.contains("\(bad):3:18: error: Cannot query field \"nam\""), "\(failed.output)")
        #expect(failed.output.contains("\(badDate):1:3: error: \"asOf\" must be a Date"), "\(failed.output)")
        #expect(failed.error.contains("3 files checked against the anonymous schema: 2 errors"), "\(failed.error)")
        // What anonymous may not ask, a fund manager may.
        let measures = folder.appendingPathComponent("measures.graphql").path
        try "{ supportMeasures(first: 1) { totalCount } }\n".write(toFile: measures, atomically: true, encoding: .utf8)
        #expect(try await CommandRunner.run(["check", measures, "--log-level", "warning"]).status == 1)
        #expect(try await CommandRunner.run(["check", measures, "--role", "fund_manager", "--log-level", "warning"]).status == 0)

        let printed = try await CommandRunner.run(["schema", "print", "--role", "anonymous"])
        // The anonymous schema, derived from schema/roles.json: without the hidden types and fields.
        #expect(printed.status == 0 && printed.output.hasPrefix("# The GraphQL schema as the role `anonymous` sees it"))
        #expect(printed.output.contains("type Cluster implements Node") && !printed.output.contains("type Incident implements Node"))
        #expect(!printed.output.contains("creditCode") && !printed.output.contains("SupportMeasure"))
    }
}
