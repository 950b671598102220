import ArgumentParser

/// The `qunji` command line: the GraphQL server for Guizhou's SME characteristic industrial clusters,
/// and the tools around its database.
@main
struct Qunji: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qunji",
        abstract: "qunji (集群): Guizhou SME characteristic industrial clusters over PostgreSQL.",
        subcommands: [ServeCommand.self, QueryCommand.self, ExplainCommand.self, CheckCommand.self, SchemaCommand.self,
                      MigrateCommand.self, SeedCommand.self, DatabaseCommand.self, KeysCommand.self, ExportCommand.self, ImportCommand.self]
    )
}
