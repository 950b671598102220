import Foundation
import Postgres
import Testing

@Suite("PostgresConnection")
struct PostgresConnectionTests {
    @Test("parameters, NULLs and unicode round-trip as text")
    func parameters() async throws {
        let connection = try await freshConnection("params")
        defer { connection.close() }
        let rows = try await onThread {
            try connection.query(
                "SELECT $1::text AS word, $2::int + 1 AS next, $3::text IS NULL AS missing, $3::text AS nothing, length($1::text) AS chars",
                ["中文 café", "41", nil])
        }
        #expect(rows.columns == ["word", "next", "missing", "nothing", "chars"])
        #expect(rows.count == 1)
        #expect(rows[0, "word"] == "中文 café")
        #expect(rows[0, 1] == "42")
        #expect(rows[0, "missing"] == "t")
        #expect(rows[0, "nothing"] == nil)
        #expect(rows[0, "chars"] == "7")
        #expect(rows[0, "no such column"] == nil)
        #expect(rows[1, 0] == nil)
        #expect(rows.scalar == "中文 café")
        #expect(rows.commandTag == "SELECT 1")
        #expect(rows.affectedRows == 1)

        let many = try await onThread {
            try connection.query("SELECT g, CASE WHEN g % 2 = 0 THEN NULL ELSE g::text END FROM generate_series(1, 4) g")
        }
        #expect(many.count == 4)
        #expect(many.row(2) == ["3", "3"])
        #expect(many.row(3) == ["4", nil])
    }

    @Test("the session speaks UTF-8 and reports its server")
    func session() async throws {
        let connection = try await freshConnection("session")
        defer { connection.close() }
        let encoding = try await onThread { try connection.query("SHOW client_encoding").scalar }
        #expect(encoding == "UTF8")
        #expect(connection.serverVersion >= 100000)
        #expect(connection.backendPID > 0)
        #expect(connection.isHealthy)
        #expect(connection.transactionStatus == .idle)
        connection.close()
        connection.close()
        #expect(!connection.isHealthy)
        let error = #expect(throws: PostgresError.self) { try connection.query("SELECT 1") }
        #expect(error?.isConnectionError == true)
    }

    @Test("a NUL character in a parameter is refused instead of being cut off")
    func nulParameter() async throws {
        let connection = try await freshConnection("nul")
        defer { connection.close() }
        let error = await #expect(throws: PostgresError.self) {
            try await onThread { try connection.query("SELECT $1::text", ["a\u{0}b"]) }
        }
        #expect(error?.sqlState == .characterNotInRepertoire)
    }

    @Test("command tags and affected rows")
    func commandTags() async throws {
        let connection = try await freshConnection("tags")
        defer { connection.close() }
        let (create, insert, update) = try await onThread {
            let create = try connection.query("CREATE TABLE item (id int PRIMARY KEY, name text)")
            let insert = try connection.query("INSERT INTO item VALUES (1, 'a'), (2, 'b'), (3, 'c')")
            let update = try connection.query("UPDATE item SET name = upper(name) WHERE id > $1::int", ["1"])
            return (create, insert, update)
        }
        #expect(create.commandTag == "CREATE TABLE")
        #expect(create.affectedRows == nil)
        #expect(create.columns.isEmpty)
        #expect(insert.commandTag == "INSERT 0 3")
        #expect(insert.affectedRows == 3)
        #expect(update.affectedRows == 2)
    }

    @Test("a unique violation carries SQLSTATE, message, constraint, table and detail")
    func uniqueViolation() async throws {
        let connection = try await freshConnection("unique")
        defer { connection.close() }
        try await onThread {
            try connection.execute("CREATE TABLE person (id int PRIMARY KEY, email text CONSTRAINT person_email_key UNIQUE)")
            _ = try connection.query("INSERT INTO person VALUES (1, 'a@example.com')")
        }
        let error = await #expect(throws: PostgresError.self) {
            try await onThread { try connection.query("INSERT INTO person VALUES ($1::int, $2)", ["2", "a@example.com"]) }
        }
        guard case .server(let server) = error else {
            Issue.record("expected .server, got \(String(describing: error))")
            return
        }
        #expect(server.sqlState == .uniqueViolation)
        #expect(error?.sqlState == .uniqueViolation)
        #expect(server.severity == "ERROR")
        #expect(server.message.contains("person_email_key"))
        #expect(server.constraint == "person_email_key")
        #expect(server.table == "person")
        #expect(server.detail?.contains("already exists") == true)
        #expect(error?.description.contains("23505") == true)
        #expect(error?.isConnectionError == false)

        // The connection is fine afterwards.
        let count = try await onThread { try connection.query("SELECT count(*) FROM person").scalar }
        #expect(count == "1")
        #expect(connection.isHealthy)
    }

    @Test("a syntax error carries 42601 and the position")
    func syntaxError() async throws {
        let connection = try await freshConnection("syntax")
        defer { connection.close() }
        let error = await #expect(throws: PostgresError.self) {
            try await onThread { try connection.query("SELECT 1 FROM FROM") }
        }
        guard case .server(let server) = error else {
            Issue.record("expected .server, got \(String(describing: error))")
            return
        }
        #expect(server.sqlState == .syntaxError)
        #expect(server.position == 15)
        #expect(server.message.contains("syntax error"))
        let undefined = await #expect(throws: PostgresError.self) {
            try await onThread { try connection.query("SELECT * FROM no_such_table") }
        }
        #expect(undefined?.sqlState == .undefinedTable)
    }

    @Test("a prepared statement is prepared once and reused with other parameters, and survives DISCARD ALL")
    func preparedStatements() async throws {
        let connection = try await freshConnection("prepared")
        defer { connection.close() }
        let sql = "SELECT $1::int * 2 AS doubled, $2::text AS label"
        let (first, second, prepared) = try await onThread {
            let first = try connection.queryPrepared(sql, ["21", "一"])
            let second = try connection.queryPrepared(sql, ["5", nil])
            let prepared = try connection.query("SELECT name, statement FROM pg_prepared_statements")
            return (first, second, prepared)
        }
        #expect(first[0, "doubled"] == "42")
        #expect(first[0, "label"] == "一")
        #expect(second[0, "doubled"] == "10")
        #expect(second[0, "label"] == nil)
        #expect(prepared.count == 1)
        #expect(prepared[0, "statement"] == sql)
        #expect(prepared[0, "name"]?.hasPrefix("q_") == true)

        // DISCARD ALL drops the server-side statement; the connection prepares it again once.
        let (afterDiscard, preparedAgain) = try await onThread {
            try connection.execute("DISCARD ALL")
            let rows = try connection.queryPrepared(sql, ["7", "x"])
            return (rows, try connection.query("SELECT count(*) FROM pg_prepared_statements").scalar)
        }
        #expect(afterDiscard[0, "doubled"] == "14")
        #expect(preparedAgain == "1")

        // A prepared statement's error is a normal server error.
        let error = await #expect(throws: PostgresError.self) {
            try await onThread { try connection.queryPrepared(sql, ["not a number", "x"]) }
        }
        #expect(error?.sqlState == .invalidTextRepresentation)
    }

    @Test("execute runs several statements as one implicit transaction")
    func executeSeveral() async throws {
        let connection = try await freshConnection("execute")
        defer { connection.close() }
        let count = try await onThread {
            try connection.execute("""
                CREATE TABLE a (x int);
                INSERT INTO a VALUES (1), (2);
                CREATE TABLE b (y text);
                INSERT INTO b SELECT x::text FROM a;
                """)
            return try connection.query("SELECT count(*) FROM b").scalar
        }
        #expect(count == "2")

        let error = await #expect(throws: PostgresError.self) {
            try await onThread {
                try connection.execute("CREATE TABLE c (z int); INSERT INTO c VALUES ('oops');")
            }
        }
        #expect(error?.sqlState == .invalidTextRepresentation)
        let exists = try await onThread { try connection.query("SELECT to_regclass('c') IS NULL").scalar }
        #expect(exists == "t")
        try await onThread { try connection.execute("") }
    }

    @Test("server notices go to the logger, not stderr")
    func notices() async throws {
        let logs = CapturedLogs()
        let connection = try await freshConnection("notices", logger: logs.logger())
        defer { connection.close() }
        try await onThread {
            try connection.execute("DO $$ BEGIN RAISE NOTICE 'hello from plpgsql 中文'; END $$")
        }
        #expect(logs.messages.contains { $0.contains("hello from plpgsql 中文") })
    }

    @Test("connecting to a closed port is .connectionFailed with libpq's message")
    func connectionRefused() async throws {
        let configuration = try PostgresConfiguration("host=127.0.0.1 port=1 dbname=nothing connect_timeout=5")
        let error = await #expect(throws: PostgresError.self) {
            try await onThread { try PostgresConnection.connect(configuration, logger: testLogger) }
        }
        guard case .connectionFailed(let message) = error else {
            Issue.record("expected .connectionFailed, got \(String(describing: error))")
            return
        }
        #expect(message.contains("127.0.0.1"))
        #expect(message.contains("refused"))
    }

    @Test("a terminated backend is reported as a connection error and the connection becomes unhealthy")
    func terminatedBackend() async throws {
        let configuration = try await freshDatabase("terminated")
        let (victim, killer) = try await onThread {
            (try PostgresConnection.connect(configuration, logger: testLogger),
             try PostgresConnection.connect(configuration, logger: testLogger))
        }
        defer {
            victim.close()
            killer.close()
        }
        let pid = victim.backendPID
        try await onThread {
            _ = try killer.query("SELECT pg_terminate_backend($1::int)", [String(pid)])
            try waitUntilGone(pid, watcher: killer)
        }
        // The backend leaves pg_stat_activity a moment before its socket closes, and checkAlive() never
        // blocks: poll until the end of file has arrived (it must, within a few seconds).
        var noticed = false
        for _ in 0..<500 where !noticed {
            noticed = !victim.checkAlive()
            if !noticed { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(noticed)
        let error = await #expect(throws: PostgresError.self) {
            try await onThread { try victim.query("SELECT 1") }
        }
        #expect(error?.isConnectionError == true)
        #expect(!victim.isHealthy)
    }
}

/// Blocks until backend `pid` has left `pg_stat_activity` (termination is asynchronous).
func waitUntilGone(_ pid: Int32, watcher: PostgresConnection) throws {
    for _ in 0..<200 {
        let rows = try watcher.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1::int", [String(pid)])
        if rows.count == 0 {
            return
        }
        usleep(10_000)
    }
}

/// The plan-cache mode a statement asks for is the session's when it runs, switched only when it changes.
@Suite("Plan cache mode")
struct PlanCacheModeTests {
    @Test("a statement's plan mode is its session's while it runs: generic, per execution, back to auto")
    func switches() async throws {
        let connection = try await freshConnection("plan_cache_mode")
        defer { connection.close() }
        let modes = try await onThread { () throws -> [String?] in
            var modes: [String?] = []
            _ = try connection.queryPrepared("SELECT $1::int + 1", ["1"], plan: .generic)
            modes.append(try connection.query("SHOW plan_cache_mode").scalar)
            _ = try connection.queryPrepared("SELECT $1::int + 1", ["2"], plan: .generic)
            modes.append(try connection.query("SHOW plan_cache_mode").scalar)
            _ = try connection.queryPrepared("SELECT $1::int + 1", ["2"], plan: .perExecution)
            modes.append(try connection.query("SHOW plan_cache_mode").scalar)
            let answer = try connection.queryPrepared("SELECT $1::int + 1", ["3"], plan: .automatic).scalar
            modes.append(try connection.query("SHOW plan_cache_mode").scalar)
            modes.append(answer)
            return modes
        }
        #expect(modes == ["force_generic_plan", "force_generic_plan", "force_custom_plan", "auto", "4"])
    }
}
