import ArgumentParser
import Engine
import Foundation
import Planner

/// `qunji schema print`: the GraphQL SDL a role is served, the public contract for client code generators.
struct SchemaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the GraphQL schema (SDL) a role is served.",
        subcommands: [PrintSchema.self],
        defaultSubcommand: PrintSchema.self
    )

    struct PrintSchema: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "print",
            abstract: "Print the GraphQL SDL of a role's schema.",
            discussion: """
                Roles that hide nothing (fund_manager, admin) are served schema/schema.graphql itself; the others \
                get schema/roles/<role>.graphql, generated from it by scripts/generate-role-schemas.py. Pipe it to \
                a file for client code generators.

                Examples (each runs in the tests):
                  qunji schema print --role anonymous > qunji.graphql
                """
        )

        @Option(help: "anonymous, analyst, fund_manager or admin.")
        var role: String = "admin"

        @OptionGroup var tool: ToolOptions

        func run() async throws {
            let role = try ProjectSchemas.role(role)
            guard let source = try ProjectSchemas(tool: tool).load().sources[role] else {
                throw ValidationError("no schema for role \(role.rawValue)")
            }
            print(source, terminator: source.hasSuffix("\n") ? "" : "\n")
        }
    }
}
