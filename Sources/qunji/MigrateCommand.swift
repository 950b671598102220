import ArgumentParser
import Migrations
import Postgres

/// `qunji migrate`: applies sql/migrations to a database.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the numbered migrations in sql/migrations (each once, in order, in a transaction)."
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var tool: ToolOptions

    func run() async throws {
        let logger = tool.logger("qunji.migrate")
        let migrations = try SQLDirectory.locate(explicit: tool.sqlDirectory).migrations()
        let connection = try PostgresConnection.connect(try database.configuration(), logger: logger)
        defer { connection.close() }
        let results = try MigrationRunner(migrations: migrations, logger: logger).migrate(connection)
        let applied = results.filter(\.ranNow)
        print(applied.isEmpty
              ? "database is up to date (\(results.count) migrations)"
              : "applied \(applied.count) of \(results.count) migrations: \(applied.map { String($0.version) }.joined(separator: ", "))")
    }
}
