import Logging
import Postgres

/// What `MigrationRunner.migrate` did with one file.
public struct AppliedMigration: Sendable, Hashable {
    public let version: Int
    public let name: String
    /// false when the file was already applied (checksum verified) and nothing ran.
    public let ranNow: Bool
}

/// Applies numbered migrations in order, each in its own transaction, and records them in
/// `schema_migrations` with a SHA-256 of their text.
///
/// Re-running is a no-op. A recorded file whose text changed, or a recorded version this build does
/// not have, stops the run before anything is applied: the database and the code disagree, and
/// guessing would risk the data. Concurrent runners (two servers starting) are serialised by a
/// session advisory lock, so each migration runs exactly once.
public struct MigrationRunner: Sendable {
    /// Key of the advisory lock that serialises runners; an arbitrary constant ("qunjimig").
    static let advisoryLockKey = "7161756e6a696d69"

    public let migrations: [Migration]
    private let logger: Logger

    public init(migrations: [Migration], logger: Logger = Logger(label: "qunji.migrations")) {
        self.migrations = migrations.sorted { $0.version < $1.version }
        self.logger = logger
    }

    /// Blocking: call it on a thread that may block (the pool's `withConnection`, or a CLI command).
    @discardableResult
    public func migrate(_ connection: PostgresConnection) throws -> [AppliedMigration] {
        try connection.execute("SELECT pg_advisory_lock(x'\(Self.advisoryLockKey)'::bigint)")
        defer { _ = try? connection.execute("SELECT pg_advisory_unlock(x'\(Self.advisoryLockKey)'::bigint)") }

        let exists = try connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL").scalar == "t"
        if !exists {
            try connection.execute("""
            CREATE TABLE schema_migrations (
                version     integer PRIMARY KEY,
                name        text NOT NULL,
                checksum    text NOT NULL,
                applied_at  timestamptz NOT NULL DEFAULT now()
            );
            COMMENT ON TABLE schema_migrations IS 'Migrations applied by qunji migrate: one row per sql/migrations file, with the SHA-256 of its text.';
            """)
        }

        let recorded = try connection.query("SELECT version, name, checksum FROM schema_migrations ORDER BY version")
        var recordedByVersion: [Int: (name: String, checksum: String)] = [:]
        for row in 0..<recorded.count {
            guard let version = recorded[row, 0].flatMap({ Int($0) }) else { continue }
            recordedByVersion[version] = (recorded[row, 1] ?? "", recorded[row, 2] ?? "")
        }

        let known = Set(migrations.map(\.version))
        if let unknown = recordedByVersion.keys.sorted().first(where: { !known.contains($0) }) {
            throw MigrationError.unknownApplied(version: unknown, name: recordedByVersion[unknown]?.name ?? "")
        }

        // Verify every applied file first, so a changed file stops the run before anything new is applied.
        var checksums: [Int: String] = [:]
        for migration in migrations {
            let checksum = try Self.checksum(of: migration.sql, on: connection)
            checksums[migration.version] = checksum
            if let applied = recordedByVersion[migration.version], applied.checksum != checksum {
                throw MigrationError.changedAfterApplied(
                    version: migration.version, fileName: migration.fileName,
                    recorded: applied.checksum, current: checksum)
            }
        }

        var results: [AppliedMigration] = []
        for migration in migrations {
            if recordedByVersion[migration.version] != nil {
                results.append(AppliedMigration(version: migration.version, name: migration.name, ranNow: false))
                continue
            }
            logger.info("applying migration \(migration.fileName)")
            let result = Self.apply(migration, checksum: checksums[migration.version] ?? "", on: connection)
            if case .failure(let error) = result {
                throw MigrationError.failed(fileName: migration.fileName, error)
            }
            results.append(AppliedMigration(version: migration.version, name: migration.name, ranNow: true))
        }
        return results
    }

    /// Runs one migration and records it, in one transaction; rolls back on any error.
    /// (Returns a `Result` rather than throwing: Swift 6.3 crashes compiling a typed-throws `catch` here.)
    private static func apply(_ migration: Migration, checksum: String, on connection: PostgresConnection)
        -> Result<Void, PostgresError>
    {
        do {
            try connection.execute("BEGIN")
            try connection.execute(migration.sql)
            _ = try connection.query(
                "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1::integer, $2, $3)",
                [String(migration.version), migration.name, checksum])
            try connection.execute("COMMIT")
            return .success(())
        } catch {
            _ = try? connection.execute("ROLLBACK")
            return .failure(error)
        }
    }

    /// SHA-256 of the file's text, computed by PostgreSQL so the project needs no crypto library.
    static func checksum(of sql: String, on connection: PostgresConnection) throws -> String {
        let rows = try connection.query("SELECT encode(sha256(convert_to($1, 'UTF8')), 'hex')", [sql])
        return rows.scalar ?? ""
    }
}
