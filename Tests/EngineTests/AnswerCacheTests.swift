import Catalog
@testable import Engine
import Foundation
import GraphQL
import Planner
import Postgres
import TestSupport
import Testing

/// Whole answers kept until their data changes (issue 18 §2), on a database of their own that the tests write to.
@Suite("Answer cache", .serialized)
struct AnswerCacheTests {
    /// The operations the tests keep answers of: lists, look-ups, rules reading the clock, analytics.
    static let operations = [
        "{ prefectures(first: 3) { nodes { code name } } }",
        "{ clusters(first: 5) { totalCount nodes { code name status validUntil } } }",
        "{ enterprises(first: 5, orderBy: [{name: ASC}]) { nodes { name county { name prefecture { name } } } } }",
        "{ targetProgress { target recognized stillValid } }",
        "{ distribution(dimension: PREFECTURE) { key clusterCount enterpriseCount } }",
        "{ funds(first: 3) { nodes { code name supportByYear { key amount } } } }",
        "{ clusterGroups(groupBy: [REVOCATION_GROUND]) { key { revocationGround } count } }",
        "{ supportMeasures(first: 3) { totalCount nodes { amountYuan } } }",
        "{ qualifications(first: 3) { nodes { kind valid } } }",
        "{ counties(first: 2) { nodes { name neighbours(first: 3) { nodes { name } } } } }",
    ]

    /// A day the tests move.
    final class Calendar: @unchecked Sendable {
        private let lock = NSLock()
        private var day = "2026-12-05"
        func today() -> String { lock.lock(); defer { lock.unlock() }; return day }
        func move(to day: String) { lock.lock(); self.day = day; lock.unlock() }
    }

    /// Counts the statements the service sends to PostgreSQL.
    final class Statements: QueryObserver, @unchecked Sendable {
        private let lock = NSLock()
        private var sent = 0
        func statementFinished(_ event: StatementEvent) { lock.lock(); sent += 1; lock.unlock() }
        var count: Int { lock.lock(); defer { lock.unlock() }; return sent }
    }

    struct Fixture {
        let statements: Statements
        let database: PostgresConfiguration
        let service: QueryService
        let answers: AnswerCaching
        let calendar: Calendar

        var cache: AnswerCache { answers.cache }

        func run(_ query: String) async -> String {
            switch await service.execute(QueryRequest(query: query, principal: Principal(role: .admin))) {
            case .executed(let body, _): return String(decoding: body, as: UTF8.self)
            case .rejected(let errors): return "REJECTED " + GraphQLResponseError.jsonArray(errors)
            default: return "OTHER"
            }
        }

        /// Runs SQL as the database's owner (a writer, as an import or another client would be).
        func write(_ sql: String) async throws {
            try await ProjectDatabase.withConnection(database) { try $0.execute(sql) }
        }

        /// Waits until `condition` holds, at most 5 s.
        func eventually(_ condition: () -> Bool) async throws -> Bool {
            let deadline = ContinuousClock.now + .seconds(5)
            while ContinuousClock.now < deadline {
                if condition() { return true }
                try await Task.sleep(for: .milliseconds(20))
            }
            return condition()
        }
    }

    static let shared = Task { try await makeFixture() }

    /// Tables notified, as a test listener heard them.
    final class Heard: @unchecked Sendable {
        private let lock = NSLock()
        private var heard: Set<String> = []
        func add(_ table: String) { lock.lock(); heard.insert(table); lock.unlock() }
        func clear() { lock.lock(); heard.removeAll(); lock.unlock() }
        var tables: Set<String> { lock.lock(); defer { lock.unlock() }; return heard }
    }

    static func makeFixture() async throws -> Fixture {
        let database = try await ProjectDatabase.seeded("answers")
        let pool = ConnectionPool(configuration: database, options: .init(size: 2, sessionSettings: QueryService.sessionSettings),
                                  logger: TestLogging.logger)
        let calendar = Calendar()
        let statements = Statements()
        let answers = AnswerCaching(budget: 8 << 20, configuration: database, logger: TestLogging.logger, today: { calendar.today() })
        answers.start()
        let source = try String(contentsOf: Repository.url("schema/schema.graphql"), encoding: .utf8)
        let service = try await ProjectDatabase.settingUp {
            try QueryService(schemas: .single(source), catalog: .qunji, pool: pool, logger: TestLogging.logger, limits: .testing,
                             observer: statements, answers: answers)
        }
        let fixture = Fixture(statements: statements, database: database, service: service, answers: answers, calendar: calendar)
        #expect(try await fixture.eventually { answers.cache.currentStatistics.listening })
        return fixture
    }

    /// Runs every operation twice: the second is answered from the cache, and is the same.
    static func fill(_ fixture: Fixture) async throws {
        for query in operations {
            let first = await fixture.run(query)
            #expect(first.hasPrefix("{\"data\":") && !first.contains("\"errors\""), "\(query): \(first.prefix(300))")
            let hits = fixture.cache.currentStatistics.hits
            let sent = fixture.statements.count
            #expect(await fixture.run(query) == first, "\(query)")
            #expect(fixture.cache.currentStatistics.hits == hits + 1, "\(query) was not answered from the cache")
            #expect(fixture.statements.count == sent, "\(query) answered from the cache still went to PostgreSQL")
        }
    }

    @Test("every table of the public schema has the change-notification triggers")
    func everyTableNotifies() async throws {
        let fixture = try await Self.shared.value
        let missing = try await ProjectDatabase.withConnection(fixture.database) { connection in
            try connection.query("""
                SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind = 'r'
                  AND (SELECT count(*) FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname LIKE 'qunji_notify_%') <> 4
                """)
        }
        #expect(missing.count == 0, "tables without the four triggers: \((0..<missing.count).map { missing[$0, 0] ?? "" })")
    }

    @Test("a write to each table drops exactly the kept answers that read it; a write changing nothing, or rolled back, drops none")
    func writesInvalidateExactly() async throws {
        let fixture = try await Self.shared.value
        try await Self.fill(fixture)
        // Tables with a row to rewrite, and a column to rewrite it with (the value stays the same: an UPDATE
        // still changes the row, as far as PostgreSQL and the triggers are concerned).
        let targets = try await ProjectDatabase.withConnection(fixture.database) { connection in
            let rows = try connection.query("""
                SELECT c.relname, (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0
                                   AND NOT a.attisdropped ORDER BY a.attnum LIMIT 1)
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.reltuples <> 0 ORDER BY 1
                """)
            return (0..<rows.count).compactMap { index -> (String, String)? in
                guard let table = rows[index, 0], let column = rows[index, 1] else { return nil }
                return (table, column)
            }
        }
        var read = Set(fixture.cache.kept().flatMap(\.tables))
        #expect(read.isSuperset(of: ["cluster", "prefecture", "county", "enterprise", "fund", "support_measure", "recognition"]))
        // What each write notifies, heard as the server hears it: a write can change other tables through their
        // triggers (cluster_summary follows enterprise, support_measure, cluster_indicator and recognition; cluster_title
        // and cluster_incident follow qualification, incident, enterprise and qualification_kind).
        let heard = Heard()
        let listener = NotificationListener(configuration: fixture.database, channel: AnswerCaching.channel, logger: TestLogging.logger) {
            if case .notification(let table) = $0 { heard.add(table) }
            if case .listening = $0 { heard.add("") }
        }
        listener.start()
        defer { listener.stop() }
        #expect(try await fixture.eventually { heard.tables.contains("") })
        var written = 0
        for (table, column) in targets {
            let before = fixture.cache.kept()
            guard !before.isEmpty else { break }
            let hasRow = try await ProjectDatabase.withConnection(fixture.database) { try $0.query("SELECT 1 FROM \(table) LIMIT 1").count > 0 }
            guard hasRow else { continue }
            // Nothing changed, or the change rolled back: nothing is notified.
            heard.clear()
            try await fixture.write("UPDATE \(table) SET \(column) = \(column) WHERE false")
            try await fixture.write("BEGIN; UPDATE \(table) SET \(column) = \(column) WHERE ctid = (SELECT ctid FROM \(table) LIMIT 1); ROLLBACK")
            try await fixture.write("UPDATE \(table) SET \(column) = \(column) WHERE ctid = (SELECT ctid FROM \(table) LIMIT 1)")
            #expect(try await fixture.eventually { heard.tables.contains(table) }, "a write to \(table) was not notified")
            let notified = heard.tables
            #expect(notified.isSubset(of: [table, "cluster_summary", "cluster_title", "cluster_incident"]), "a write to \(table) notified \(notified)")
            let expectedKept = before.filter { $0.tables.isDisjoint(with: notified) }.map(\.query).sorted()
            #expect(try await fixture.eventually { fixture.cache.kept().map(\.query).sorted() == expectedKept },
                    "after a write to \(table): kept \(fixture.cache.kept().map(\.query)), expected \(expectedKept)")
            if expectedKept.count < before.count { written += 1 }
            read.subtract(notified)
            // Fill again for the next table.
            for query in Self.operations { _ = await fixture.run(query) }
        }
        #expect(written >= 7, "writes that dropped answers: \(written)")
        #expect(read.isEmpty, "tables read by kept answers but never written in this test: \(read)")
    }

    @Test("after a write commits and its notification arrives, the next answer shows it (update, delete, insert, truncate)")
    func answersFollowWrites() async throws {
        let fixture = try await Self.shared.value
        let query = "{ prefectures(first: 1) { nodes { code name } } }"
        let before = await fixture.run(query)
        #expect(await fixture.run(query) == before)
        try await fixture.write("UPDATE prefecture SET name = name || '（改）' WHERE code = (SELECT min(code) FROM prefecture)")
        #expect(try await fixture.eventually { fixture.cache.kept().allSatisfy { !$0.tables.contains("prefecture") } })
        let changed = await fixture.run(query)
        #expect(changed.contains("（改）"), "\(changed)")
        try await fixture.write("UPDATE prefecture SET name = replace(name, '（改）', '') WHERE code = (SELECT min(code) FROM prefecture)")
        #expect(try await fixture.eventually { fixture.cache.kept().allSatisfy { !$0.tables.contains("prefecture") } })
        #expect(await fixture.run(query) == before)

        // Delete a row, then insert it again: each is heard, and the count follows.
        let indicators = "{ clusterIndicators(first: 1) { totalCount } }"
        let count = await fixture.run(indicators)
        _ = await fixture.run(indicators)
        let row = try await ProjectDatabase.withConnection(fixture.database) { connection in
            try connection.query("DELETE FROM cluster_indicator WHERE ctid = (SELECT ctid FROM cluster_indicator LIMIT 1) RETURNING row_to_json(cluster_indicator)").scalar
        }
        #expect(try await fixture.eventually { fixture.cache.kept().allSatisfy { !$0.tables.contains("cluster_indicator") } })
        let fewer = await fixture.run(indicators)
        #expect(fewer != count && fewer.hasPrefix("{\"data\""), "\(fewer)")
        #expect(await fixture.run(indicators) == fewer)
        _ = try await ProjectDatabase.withConnection(fixture.database) { connection in
            try connection.query("INSERT INTO cluster_indicator SELECT * FROM json_populate_record(NULL::cluster_indicator, $1::json)", [row])
        }
        #expect(try await fixture.eventually { fixture.cache.kept().allSatisfy { !$0.tables.contains("cluster_indicator") } })
        #expect(await fixture.run(indicators) == count)

        // TRUNCATE (no transition table: always heard), then the rows put back, on one session.
        let neighbours = "{ counties(first: 1) { nodes { neighbours(first: 2) { totalCount } } } }"
        let full = await fixture.run(neighbours)
        _ = await fixture.run(neighbours)
        let cache = fixture.cache
        let rows = try await ProjectDatabase.withConnection(fixture.database) { try $0.query("SELECT json_agg(a) FROM county_adjacency a").scalar }
        let emptied = try await ProjectDatabase.withConnection(fixture.database) { connection -> Bool in
            try connection.execute("TRUNCATE county_adjacency")
            let deadline = ContinuousClock.now + .seconds(5)
            while ContinuousClock.now < deadline, cache.kept().contains(where: { $0.tables.contains("county_adjacency") }) {
                Thread.sleep(forTimeInterval: 0.02)
            }
            return !cache.kept().contains { $0.tables.contains("county_adjacency") }
        }
        #expect(emptied, "a TRUNCATE was not heard")
        let none = await fixture.run(neighbours)
        #expect(none.contains("\"totalCount\" : 0"), "\(none) (before: \(full))")
        _ = await fixture.run(neighbours)
        let restored = try await ProjectDatabase.withConnection(fixture.database) { connection -> Bool in
            _ = try connection.query("INSERT INTO county_adjacency SELECT * FROM json_populate_recordset(NULL::county_adjacency, $1::json)", [rows])
            let deadline = ContinuousClock.now + .seconds(5)
            while ContinuousClock.now < deadline, cache.kept().contains(where: { $0.tables.contains("county_adjacency") }) {
                Thread.sleep(forTimeInterval: 0.02)
            }
            return !cache.kept().contains { $0.tables.contains("county_adjacency") }
        }
        #expect(restored)
        #expect(await fixture.run(neighbours) == full)
    }

    @Test("answers reading the clock expire when the day turns in Asia/Shanghai; the others stay")
    func dayBoundary() async throws {
        let fixture = try await Self.shared.value
        let clock = "{ clusters(first: 2) { nodes { code status } } }"
        let noClock = "{ prefectures(first: 2) { nodes { code } } }"
        _ = await fixture.run(clock)
        _ = await fixture.run(noClock)
        let kept = fixture.cache.kept()
        #expect(kept.first { $0.query == clock }?.day == fixture.calendar.today())
        #expect(kept.contains { $0.query == noClock && $0.day == nil })
        let hits = fixture.cache.currentStatistics.hits
        _ = await fixture.run(clock)
        #expect(fixture.cache.currentStatistics.hits == hits + 1)
        fixture.calendar.move(to: "2026-12-06")
        defer { fixture.calendar.move(to: "2026-12-05") }
        let misses = fixture.cache.currentStatistics.misses
        _ = await fixture.run(clock)
        #expect(fixture.cache.currentStatistics.misses == misses + 1, "an answer of yesterday was served today")
        _ = await fixture.run(noClock)
        #expect(fixture.cache.currentStatistics.hits == hits + 2, "an answer not reading the clock expired with the day")
        #expect(!fixture.cache.kept().contains { $0.day == "2026-12-05" })
    }

    @Test("an answer reading the clock, read before midnight and finished after it, is not kept")
    func midnightRace() throws {
        let calendar = Calendar()
        let cache = AnswerCache(budget: 1 << 20, today: { calendar.today() })
        cache.listenerStarted(dependencies: TableDependencies([
            SchemaDefinition(name: "cluster", kind: .table, body: ""),
            SchemaDefinition(name: "qunji_today", kind: .function, body: "SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date"),
        ]))
        let key = try #require(AnswerCache.key(for: QueryRequest(query: "{ clusters { status } }", principal: .anonymous)))
        let ticket = cache.ticket()
        calendar.move(to: "2026-12-06")
        cache.store(Array("yesterday's".utf8), for: key, sql: "SELECT qunji_today() FROM cluster", ticket: ticket)
        #expect(cache.answer(for: key) == nil)
        // Not reading the clock, the same answer is kept across midnight.
        cache.store(Array("timeless".utf8), for: key, sql: "SELECT 1 FROM cluster", ticket: ticket)
        #expect(cache.answer(for: key) == Array("timeless".utf8))
    }

    @Test("a lost LISTEN connection drops everything and keeps nothing until it is back")
    func lostListener() async throws {
        let fixture = try await Self.shared.value
        try await Self.fill(fixture)
        #expect(!fixture.cache.kept().isEmpty)
        try await fixture.write("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'qunji_listener'")
        #expect(try await fixture.eventually { !fixture.cache.currentStatistics.listening })
        #expect(fixture.cache.kept().isEmpty)
        // Back within a second or so (the listener retries with a short pause); answers are kept again.
        #expect(try await fixture.eventually { fixture.cache.currentStatistics.listening })
        try await Self.fill(fixture)
    }

    @Test("with a read replica, only the primary's answers are kept: a lagging replica's answer is never served again")
    func replicasNotKept() async throws {
        let fixture = try await Self.shared.value
        // A "replica" that has replayed nothing of the sample data: its answers differ from the primary's.
        let behind = try await ProjectDatabase.migrated("answers-replica")
        let options = ConnectionPool.Options(size: 1, sessionSettings: QueryService.sessionSettings)
        let primary = ConnectionPool(configuration: fixture.database, options: options, logger: TestLogging.logger)
        let replica = ConnectionPool(configuration: behind, options: options, logger: TestLogging.logger)
        let answers = AnswerCaching(budget: 1 << 20, configuration: fixture.database, logger: TestLogging.logger)
        answers.start()
        defer { answers.stop() }
        let source = try String(contentsOf: Repository.url("schema/schema.graphql"), encoding: .utf8)
        let service = try await ProjectDatabase.settingUp {
            try QueryService(schemas: .single(source), catalog: .qunji, pool: primary, logger: TestLogging.logger, limits: .testing,
                             replicas: [replica], answers: answers)
        }
        #expect(try await fixture.eventually { answers.cache.currentStatistics.listening })
        let query = "{ clusters(first: 1) { totalCount } }"
        var seen: [String] = []
        for _ in 0..<6 {
            switch await service.execute(QueryRequest(query: query, principal: Principal(role: .admin))) {
            case .executed(let body, _): seen.append(String(decoding: body, as: UTF8.self))
            default: seen.append("OTHER")
            }
            if let last = seen.last, last.contains("\"totalCount\" : 0") {
                #expect(answers.cache.kept().isEmpty, "a replica's answer was kept")
            }
        }
        let fromReplica = seen.filter { $0.contains("\"totalCount\" : 0") }
        let fromPrimary = seen.filter { !$0.contains("\"totalCount\" : 0") && $0.hasPrefix("{\"data\"") }
        #expect(fromReplica.count == 1, "\(seen)")
        #expect(fromPrimary.count == 5, "\(seen)")
        #expect(answers.cache.currentStatistics.hits >= 4)
        await primary.shutdown()
        await replica.shutdown()
    }

    @Test("dependencies come from the database's definitions: through functions to their tables, and to the clock")
    func dependencies() async throws {
        let fixture = try await Self.shared.value
        let definitions = try await ProjectDatabase.withConnection(fixture.database) { try $0.schemaDefinitions() }
        let dependencies = TableDependencies(definitions)
        #expect(dependencies.uses(of: "SELECT p.name FROM prefecture p") == .init(tables: ["prefecture"], readsClock: false))
        let status = dependencies.uses(of: "SELECT * FROM cluster_status_on(qunji_today())")
        #expect(status.readsClock && status.tables.isSuperset(of: ["cluster", "recognition", "revocation"]), "\(status)")
        #expect(!status.tables.contains("fund") && !status.tables.contains("api_key"))
        // SQL built at run time would hide what it reads: only the migration helper that adds the triggers does so, and
        // the dispatcher of the mutations' steps (it writes; what it changes is notified); no statement the planner writes
        // calls either.
        let dynamic = definitions.filter { $0.kind == .function && TableDependencies.words($0.body).contains("execute")
            && $0.body.lowercased().contains("format(") }.map(\.name)
        #expect(Set(dynamic) == ["qunji_watch_table", "mutation_run"], "\(dynamic)")
    }

    @Test("an answer read while a table it reads changed is not kept; one reading other tables is")
    func staleReadNotKept() throws {
        let cache = AnswerCache(budget: 1 << 20, today: { "2026-12-05" })
        cache.listenerStarted(dependencies: TableDependencies([
            SchemaDefinition(name: "cluster", kind: .table, body: ""),
            SchemaDefinition(name: "fund", kind: .table, body: ""),
            SchemaDefinition(name: "cluster_status_on", kind: .function, body: "SELECT … FROM cluster c WHERE … qunji_today()"),
            SchemaDefinition(name: "qunji_today", kind: .function, body: "SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date"),
        ]))
        let request = QueryRequest(query: "{ a }", principal: .anonymous)
        let key = try #require(AnswerCache.key(for: request))
        let ticket = cache.ticket()
        cache.tableChanged("cluster")
        cache.store(Array("stale".utf8), for: key, sql: "SELECT * FROM cluster_status_on($1)", ticket: ticket)
        #expect(cache.answer(for: key) == nil)
        #expect(cache.currentStatistics.refusedStale == 1)
        cache.store(Array("fresh".utf8), for: key, sql: "SELECT * FROM fund", ticket: ticket)
        #expect(cache.answer(for: key) == Array("fresh".utf8))
        // A ticket from before a lost listener cannot store, even once it is back.
        let old = cache.ticket()
        cache.listenerLost()
        cache.listenerStarted(dependencies: TableDependencies([]))
        cache.store(Array("old".utf8), for: key, sql: "SELECT 1", ticket: old)
        #expect(cache.answer(for: key) == nil)
    }

    @Test("what a statement reads is worked out again when the definitions are read again (after a reconnect)")
    func dependenciesFollowDefinitions() throws {
        let cache = AnswerCache(budget: 1 << 20, today: { "2026-12-05" })
        let key = try #require(AnswerCache.key(for: QueryRequest(query: "{ funds { code } }", principal: .anonymous)))
        cache.listenerStarted(dependencies: TableDependencies([SchemaDefinition(name: "fund", kind: .table, body: "")]))
        cache.store(Array("a".utf8), for: key, sql: "SELECT code FROM fund", ticket: cache.ticket())
        #expect(cache.kept().map(\.tables) == [["fund"]])
        // The same statement, after a migration renamed the table: the remembered answer of the first reading is not used.
        cache.listenerStarted(dependencies: TableDependencies([SchemaDefinition(name: "fund_v2", kind: .table, body: "")]))
        cache.store(Array("b".utf8), for: key, sql: "SELECT code FROM fund", ticket: cache.ticket())
        #expect(cache.kept().map(\.tables) == [[]])
    }

    @Test("an answer is kept under the principal, text and variables that asked, never for another")
    func keys() throws {
        let query = "query($n: Int) { clusters(first: $n) { totalCount } }"
        let anonymous = AnswerCache.key(for: QueryRequest(query: query, variables: ["n": .int(1)], principal: .anonymous))
        let analyst = AnswerCache.key(for: QueryRequest(query: query, variables: ["n": .int(1)], principal: Principal(role: .analyst)))
        let zunyi = AnswerCache.key(for: QueryRequest(query: query, variables: ["n": .int(1)], principal: Principal(role: .analyst, region: "520300")))
        let two = AnswerCache.key(for: QueryRequest(query: query, variables: ["n": .int(2)], principal: .anonymous))
        #expect(Set([anonymous, analyst, zunyi, two].compactMap { $0 }).count == 4)
        let reordered = AnswerCache.key(for: QueryRequest(query: query, variables: ["b": .int(1), "a": .int(2)], principal: .anonymous))
        let ordered = AnswerCache.key(for: QueryRequest(query: query, variables: ["a": .int(2), "b": .int(1)], principal: .anonymous))
        #expect(reordered == ordered)
        #expect(AnswerCache.key(for: QueryRequest(query: query, extensions: ["explain": .bool(true)], principal: Principal(role: .analyst))) == nil)
    }
}

/// The day the answer cache keys clock-reading answers by: Asia/Shanghai's, whatever the server's time zone.
@Suite("Day in Asia/Shanghai")
struct ShanghaiDayTests {
    @Test("the day turns at 16:00 UTC (midnight in Shanghai), not at midnight UTC; just before, at and just after")
    func turnsAtShanghaiMidnight() throws {
        let day = ShanghaiDay()
        let midnight = try #require(ISO8601DateFormatter().date(from: "2026-12-05T16:00:00Z"))
        #expect(day.today(now: midnight.addingTimeInterval(-1)) == "2026-12-05")
        #expect(day.today(now: midnight) == "2026-12-06")
        #expect(day.today(now: midnight.addingTimeInterval(1)) == "2026-12-06")
        // Asked again for an earlier moment (a clock set back), it answers that moment's day, not the kept one.
        #expect(day.today(now: midnight.addingTimeInterval(-3600)) == "2026-12-05")
        #expect(day.today(now: try #require(ISO8601DateFormatter().date(from: "2026-12-31T23:59:59Z"))) == "2027-01-01")
    }
}
