import ArgumentParser
import Catalog
import Engine
import Foundation
import Planner

/// `qunji schema print`: the GraphQL SDL a role is served, the public contract for client code generators.
struct SchemaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the GraphQL schema (SDL) a role is served.",
        subcommands: [PrintSchema.self, PrintCatalog.self],
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

    /// `qunji schema catalog`: the source of the schema's generated sections, for scripts/generate-schema-sections.
    struct PrintCatalog: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "catalog",
            abstract: "Print what the schema's generated sections are generated from, as JSON.",
            discussion: """
                The group-by dimensions of each …Groups field (name, key field, key type, description), the types \
                policy-rule functions compute, and the fields that cannot be sorted or filtered by: written once, in \
                the catalog the server compiles queries with, and read by scripts/generate-schema-sections, so the \
                schema cannot describe a dimension the server does not have.

                Examples (each runs in the tests):
                  qunji schema catalog > catalog.json
                """
        )

        func run() async throws {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(CatalogDescription(catalog: .qunji)), as: UTF8.self))
        }
    }
}
