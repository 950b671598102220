import Foundation
import Migrations
import Postgres
import TestSupport
import Testing

@Suite("Migration runner")
struct MigrationRunnerTests {
    @Test("applies every migration on an empty database, then re-applies as a no-op")
    func appliesThenNoOp() async throws {
        let database = try await TestDatabase.shared.freshDatabase("mig")
        let migrations = try ProjectDatabase.migrations()
        #expect(migrations.map(\.version) == Array(1...migrations.count))
        let (first, second, recorded) = try await ProjectDatabase.withConnection(database) { connection in
            let runner = MigrationRunner(migrations: migrations, logger: TestLogging.logger)
            let first = try runner.migrate(connection)
            let second = try runner.migrate(connection)
            let recorded = try connection.query("SELECT count(*) FROM schema_migrations").scalar
            return (first, second, recorded)
        }
        #expect(first.allSatisfy { $0.ranNow })
        #expect(first.count == migrations.count)
        #expect(second.allSatisfy { !$0.ranNow })
        #expect(recorded == String(migrations.count))
    }

    @Test("a file changed after it was applied is reported and nothing new is applied")
    func changedFileIsAnError() async throws {
        let database = try await TestDatabase.shared.freshDatabase("mig")
        let original = [
            Migration(version: 1, name: "one", sql: "CREATE TABLE one (id int PRIMARY KEY);"),
        ]
        let edited = [
            Migration(version: 1, name: "one", sql: "CREATE TABLE one (id bigint PRIMARY KEY);"),
            Migration(version: 2, name: "two", sql: "CREATE TABLE two (id int PRIMARY KEY);"),
        ]
        let error = try await ProjectDatabase.withConnection(database) { connection -> MigrationError? in
            try MigrationRunner(migrations: original, logger: TestLogging.logger).migrate(connection)
            do {
                try MigrationRunner(migrations: edited, logger: TestLogging.logger).migrate(connection)
                return nil
            } catch let error as MigrationError {
                let twoMissing = try connection.query("SELECT to_regclass('two') IS NULL").scalar
                #expect(twoMissing == "t")
                return error
            }
        }
        guard case .changedAfterApplied(let version, let fileName, _, _) = error else {
            Issue.record("expected changedAfterApplied, got \(String(describing: error))")
            return
        }
        #expect(version == 1)
        #expect(fileName == "0001_one.sql")
        #expect(error?.description.contains("never edit an applied migration") == true)
    }

    @Test("a failing migration is rolled back whole and the earlier ones stay")
    func failureRollsBack() async throws {
        let database = try await TestDatabase.shared.freshDatabase("mig")
        let migrations = [
            Migration(version: 1, name: "good", sql: "CREATE TABLE good (id int PRIMARY KEY);"),
            Migration(version: 2, name: "bad", sql: "CREATE TABLE half (id int); SELECT no_such_column FROM good;"),
        ]
        let (error, state) = try await ProjectDatabase.withConnection(database) { connection -> (MigrationError?, String?) in
            var caught: MigrationError?
            do {
                try MigrationRunner(migrations: migrations, logger: TestLogging.logger).migrate(connection)
            } catch let error as MigrationError {
                caught = error
            }
            let state = try connection.query("""
                SELECT (SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_migrations)
                    || '|' || (to_regclass('good') IS NOT NULL)::text || '|' || (to_regclass('half') IS NOT NULL)::text
                """).scalar
            return (caught, state)
        }
        guard case .failed(let fileName, let underlying) = error else {
            Issue.record("expected failed, got \(String(describing: error))")
            return
        }
        #expect(fileName == "0002_bad.sql")
        #expect(underlying.sqlState == SQLState(rawValue: "42703"))
        #expect(state == "1|true|false")
    }

    @Test("a database migrated by a newer qunji is refused")
    func unknownAppliedVersion() async throws {
        let database = try await TestDatabase.shared.freshDatabase("mig")
        let newer = [
            Migration(version: 1, name: "one", sql: "SELECT 1;"),
            Migration(version: 2, name: "two", sql: "SELECT 2;"),
        ]
        let error = try await ProjectDatabase.withConnection(database) { connection -> MigrationError? in
            try MigrationRunner(migrations: newer, logger: TestLogging.logger).migrate(connection)
            do {
                try MigrationRunner(migrations: Array(newer.prefix(1)), logger: TestLogging.logger).migrate(connection)
                return nil
            } catch let error as MigrationError {
                return error
            }
        }
        guard case .unknownApplied(let version, let name) = error else {
            Issue.record("expected unknownApplied, got \(String(describing: error))")
            return
        }
        #expect(version == 2 && name == "two")
    }

    @Test("migration files are found by name and badly named or duplicate ones are errors")
    func directoryRules() throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("qunji-mig-\(UUID().uuidString)/sql/migrations")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent().deletingLastPathComponent()) }
        try "SELECT 1;".write(to: folder.appendingPathComponent("0002_second.sql"), atomically: true, encoding: .utf8)
        try "SELECT 1;".write(to: folder.appendingPathComponent("0001_first.sql"), atomically: true, encoding: .utf8)
        try "notes".write(to: folder.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        let directory = try SQLDirectory.locate(
            explicit: nil, environment: [:], currentDirectory: folder.path, executablePath: nil)
        #expect(try directory.migrations().map(\.fileName) == ["0001_first.sql", "0002_second.sql"])

        try "SELECT 1;".write(to: folder.appendingPathComponent("0002_again.sql"), atomically: true, encoding: .utf8)
        #expect(throws: MigrationError.self) { try directory.migrations() }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("0002_again.sql"))

        try "SELECT 1;".write(to: folder.appendingPathComponent("3_Bad Name.sql"), atomically: true, encoding: .utf8)
        do {
            _ = try directory.migrations()
            Issue.record("a bad file name was accepted")
        } catch {
            guard case .badFileName(let name) = error else {
                Issue.record("expected badFileName, got \(error)")
                return
            }
            #expect(name == "3_Bad Name.sql")
        }
    }
}
