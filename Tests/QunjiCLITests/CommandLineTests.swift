import EmbeddedPostgres
import Foundation
import Postgres
import TestSupport
import Testing

/// The `qunji` commands as a person runs them: real processes, a real PostgreSQL.
@Suite("qunji command line")
struct CommandLineTests {
    @Test("`qunji db start` serves the whole programme, refuses a taken port, and stops cleanly on SIGTERM")
    func databaseStart() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: CommandRunner.executable.path),
                "build the executable first: swift build --build-tests")
        let port = try LocalPort.pickFree()
        let dataDirectory = Scratch.newFolder("cli") + "/db"
        let server = try CommandRunner(["db", "start", "--data-dir", dataDirectory, "--port", String(port),
                                        "--log-level", "warning"])
        let started = try await server.wait(upTo: .seconds(120)) { $0.output.contains("Press Ctrl-C") || !$0.process.isRunning }
        #expect(started && server.process.isRunning, "db start did not come up: \(server.errorOutput)")
        // The URL printed for the folder's owner carries the generated password (the cluster wants one on TCP).
        let password = try String(contentsOfFile: dataDirectory + "/qunji.password", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let url = "postgresql://qunji:\(password)@127.0.0.1:\(port)/qunji"
        #expect(server.output.contains(url), "\(server.output)")
        #expect(server.output.contains("SAMPLE data"))

        let counts = try await ProjectDatabase.withConnection(try PostgresConfiguration(url)) { connection in
            try connection.query("""
                SELECT (SELECT count(*) FROM prefecture), (SELECT count(*) FROM county),
                       (SELECT count(*) FROM recognition r JOIN application a ON a.id = r.application_id
                         WHERE a.round_year BETWEEN 2021 AND 2025),
                       (SELECT count(*) FROM schema_migrations)
                """)
        }
        #expect(counts[0, 0] == "9")
        #expect(counts[0, 1] == "88")
        #expect((Int(counts[0, 2] ?? "") ?? 0) >= 30)
        #expect(counts[0, 3] == String(try ProjectDatabase.migrations().count))

        // A second server on the same port must refuse with a message naming the port.
        let clash = try await CommandRunner.run(["db", "start", "--data-dir", Scratch.newFolder("cli") + "/other",
                                                 "--port", String(port)])
        #expect(clash.status != 0)
        #expect(clash.error.contains("port \(port)") && clash.error.contains("already in use"), "\(clash.error)")

        server.process.terminate()  // SIGTERM
        let status = try await server.exitStatus(within: .seconds(60))
        #expect(status == 0, "\(server.errorOutput)")
        #expect(server.output.contains("stopped"))
        let stillUp = (try? await ProjectDatabase.withConnection(try PostgresConfiguration(url)) { _ in true }) ?? false
        #expect(!stillUp)
    }

    @Test("`qunji migrate` is a no-op the second time; `qunji seed` shows progress, refuses to load twice, and --if-empty succeeds")
    func migrateAndSeed() async throws {
        let database = try await TestDatabase.shared.freshDatabase("cli")
        let url = database.connectionString
        let first = try await CommandRunner.run(["migrate", "--database-url", url])
        #expect(first.status == 0, "\(first.error)")
        #expect(first.output.contains("applied"))
        let second = try await CommandRunner.run(["migrate", "--database-url", url])
        #expect(second.output.contains("up to date"))
        let seed = try await CommandRunner.run(["seed", "--database-url", url])
        #expect(seed.status == 0, "\(seed.error)")
        #expect(seed.output.contains("enterprise:"))
        #expect(seed.error.contains("copying") && seed.error.contains("rows into enterprise"), "progress: \(seed.error)")
        let loaded = try await ProjectDatabase.withConnection(database) { connection in
            try connection.query("""
                SELECT (SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = 'enterprise'),
                       (SELECT count(*) FROM cluster WHERE leading_industry LIKE '%[source excerpt%')
                     + (SELECT count(*) FROM public_cluster_notice WHERE leading_industry LIKE '%[source excerpt%')
                """)
        }
        // Statistics are fresh once the load ends, and no compiler's note passes for an industry (migration 0013).
        #expect(loaded[0, 0] == "t")
        #expect(loaded[0, 1] == "0")
        let again = try await CommandRunner.run(["seed", "--database-url", url])
        #expect(again.status != 0)
        #expect(again.error.contains("--replace"))
        // For start-up scripts: loading only into an empty database, and succeeding otherwise.
        let ifEmpty = try await CommandRunner.run(["seed", "--if-empty", "--database-url", url])
        #expect(ifEmpty.status == 0 && ifEmpty.output.contains("nothing loaded"), "\(ifEmpty.output) \(ifEmpty.error)")
    }

    @Test("`qunji explain --json` prints the statement as the server sends it, and binding its parameters answers as the inlined SQL does")
    func explainJSON() async throws {
        let database = try await ProjectDatabase.seeded("explain")
        let query = #"{ clusters(first: 2, where: {prefecture: {code: {eq: "520300"}}}) { totalCount nodes { code } } }"#
        let bound = try await CommandRunner.run(["explain", "--json", "--role", "analyst", query])
        #expect(bound.status == 0, "\(bound.error)")
        let object = try JSONSerialization.jsonObject(with: Data(bound.output.utf8)) as? [String: Any]
        let sql = try #require(object?["sql"] as? String)
        let parameters = try #require(object?["parameters"] as? [String?])
        #expect(sql.contains("$1") && !sql.contains("'520300'"), "placeholders stay unfilled: \(sql)")
        #expect(parameters.contains("520300"))
        // How the server plans it, so a benchmark's floor plans it alike: a client's value (PostgreSQL's choice), one
        // inside a filter on related rows (planned per execution), none (one generic plan).
        #expect(object?["planCacheMode"] as? String == "auto")
        for (other, mode) in [(#"{ clusters(where: {enterprises: {some: {name: {contains: "茶"}}}}) { totalCount } }"#, "force_custom_plan"),
                              ("{ funds { totalCount } }", "force_generic_plan")] {
            let explained = try await CommandRunner.run(["explain", "--json", "--role", "analyst", other])
            let answer = try JSONSerialization.jsonObject(with: Data(explained.output.utf8)) as? [String: Any]
            #expect(answer?["planCacheMode"] as? String == mode, "\(other): \(explained.output.suffix(200))")
        }
        let inlined = try await CommandRunner.run(["explain", "--sql-only", "--role", "analyst", query])
        let (viaParameters, viaLiterals) = try await ProjectDatabase.withConnection(database) { connection in
            (try connection.queryPrepared(sql, parameters).scalar, try connection.query(inlined.output).scalar)
        }
        #expect(viaParameters != nil && viaParameters == viaLiterals)
    }

    @Test("values that look like SQL or like placeholders stay values: in the inlined text and in EXPLAIN, which binds them")
    func explainHostileValues() async throws {
        let database = try await ProjectDatabase.seeded("explain")
        // Before: `$2` became '$1', then `$1` was replaced inside it, leaving `pg_sleep(5)` as SQL.
        let query = #"{ a: cluster(code: ") , pg_sleep(5) --") { code } b: cluster(code: "$1") { code } c: cluster(code: "it's") { code } }"#
        let explained = try await CommandRunner.run(["explain", "--role", "analyst", query, "--database-url", database.connectionString])
        #expect(explained.status == 0, "\(explained.error)")
        #expect(explained.output.contains("Result"), "a plan was printed: \(explained.output.suffix(400))")
        let inlined = try await CommandRunner.run(["explain", "--sql-only", "--role", "analyst", query])
        #expect(inlined.output.contains("') , pg_sleep(5) --'") && inlined.output.contains("'$1'") && inlined.output.contains("'it''s'"),
                "\(inlined.output)")
        let bound = try await CommandRunner.run(["explain", "--json", "--role", "analyst", query])
        let object = try JSONSerialization.jsonObject(with: Data(bound.output.utf8)) as? [String: Any]
        let sql = try #require(object?["sql"] as? String)
        let parameters = try #require(object?["parameters"] as? [String?])
        let (viaParameters, viaLiterals) = try await ProjectDatabase.withConnection(database) { connection in
            (try connection.queryPrepared(sql, parameters).scalar, try connection.query(inlined.output).scalar)
        }
        #expect(viaLiterals == #"{"a" : null, "b" : null, "c" : null}"#, "\(String(describing: viaLiterals))")
        #expect(viaParameters == viaLiterals)
    }

    @Test("a bad database URL is a clear error, not a crash")
    func badURL() async throws {
        let result = try await CommandRunner.run(["migrate", "--database-url", "postgresql://nobody@127.0.0.1:1/none"])
        #expect(result.status == 1)
        #expect(result.error.contains("Error:"))
        #expect(result.error.contains("127.0.0.1"))
    }

    @Test("--answer-cache-bytes and $QUNJI_ANSWER_CACHE_BYTES: below 0, above 64 GiB or not a number is refused with the flag named, before serving")
    func answerCacheBudget() async throws {
        // A database URL nobody answers at: refused before any connection, or the run would fail on it instead.
        let url = ["--database-url", "postgresql://nobody@127.0.0.1:1/none", "--port", "0"]
        let negative = try await CommandRunner.run(["serve", "--answer-cache-bytes=-1"] + url)
        #expect(negative.status != 0 && negative.error.contains("--answer-cache-bytes must be between 0"), "\(negative.error)")
        let huge = try await CommandRunner.run(["serve", "--answer-cache-bytes", "68719476737"] + url)
        #expect(huge.status != 0 && huge.error.contains("--answer-cache-bytes must be between 0"), "\(huge.error)")
        let word = try await CommandRunner.run(["serve"] + url, environment: ["QUNJI_ANSWER_CACHE_BYTES": "lots"])
        #expect(word.status != 0 && word.error.contains("$QUNJI_ANSWER_CACHE_BYTES must be a whole number"), "\(word.error)")
    }

    @Test("--live-interval and $QUNJI_LIVE_INTERVAL: below 0.1 s, above an hour or not a number is refused before serving")
    func liveInterval() async throws {
        let url = ["--database-url", "postgresql://nobody@127.0.0.1:1/none", "--port", "0"]
        for bad in ["0.09", "3600.5", "0"] {
            let refused = try await CommandRunner.run(["serve", "--live-interval", bad] + url)
            #expect(refused.status != 0 && refused.error.contains("--live-interval must be between 0"), "\(bad): \(refused.error)")
        }
        let word = try await CommandRunner.run(["serve"] + url, environment: ["QUNJI_LIVE_INTERVAL": "soon"])
        #expect(word.status != 0 && word.error.contains("$QUNJI_LIVE_INTERVAL must be a number of seconds"), "\(word.error)")
        // At the edges the value passes, and the next check (a pool wait of 0, refused) is the one that stops the run.
        for edge in ["0.1", "3600"] {
            let accepted = try await CommandRunner.run(["serve", "--live-interval", edge, "--pool-wait", "0"] + url)
            #expect(accepted.status != 0 && accepted.error.contains("--pool-wait must be positive"), "\(edge): \(accepted.error)")
        }
    }
}
