import ArgumentParser
import Migrations
import Postgres

/// `qunji migrate`: applies sql/migrations to a database.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the numbered migrations in sql/migrations (each once, in order, in a transaction).",
        discussion: """
            With no database named, the demo database of `qunji serve --demo` (.qunji/db).

            Examples (each runs in the tests, on the demo database):
              qunji migrate
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var tool: ToolOptions

    func run() async throws {
        let logger = tool.logger("qunji.migrate")
        let migrations = try SQLDirectory.locate(explicit: tool.sqlDirectory).migrations()
        let results = try database.withConnection(logger: logger) { connection in
            try MigrationRunner(migrations: migrations, logger: logger).migrate(connection)
        }
        let applied = results.filter(\.ranNow)
        print(applied.isEmpty
              ? "database is up to date (\(results.count) migrations)"
              : "applied \(applied.count) of \(results.count) migrations: \(applied.map { String($0.version) }.joined(separator: ", "))")
    }
}
