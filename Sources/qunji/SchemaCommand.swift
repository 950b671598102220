import ArgumentParser
import Catalog
import Engine
import Foundation
import Planner
import SchemaSource

/// `qunji schema print`: the GraphQL SDL a role is served, the public contract for client code generators.
struct SchemaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the GraphQL schema (SDL) a role is served.",
        subcommands: [PrintSchema.self, GenerateSections.self],
        defaultSubcommand: PrintSchema.self
    )

    struct PrintSchema: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "print",
            abstract: "Print the GraphQL SDL of a role's schema.",
            discussion: """
                The admin of a server that writes is served schema/schema.graphql itself; the other roles a schema \
                derived from it and schema/roles.json, as the server derives it when it starts, with the steps of the \
                process the role may take (its Mutation fields); --read-only prints it as a server without \
                --enable-mutations serves it (no Mutation type). Pipe it to a file for client code generators.

                Examples (each runs in the tests):
                  qunji schema print --role anonymous > qunji.graphql
                  qunji schema print --role county_officer > county.graphql
                """
        )

        @Option(help: "anonymous, analyst, fund_manager, admin, county_officer, prefecture_officer or province_officer.")
        var role: String = "admin"

        @Flag(name: .customLong("read-only"), help: "The schema of a server that does not write: no Mutation type.")
        var readOnly = false

        @OptionGroup var tool: ToolOptions

        func run() async throws {
            let role = try ProjectSchemas.role(role)
            guard let source = try ProjectSchemas(tool: tool).load(mutations: !readOnly).sources[role] else {
                throw ValidationError("no schema for role \(role.rawValue)")
            }
            print(source, terminator: source.hasSuffix("\n") ? "" : "\n")
        }
    }

    /// `qunji schema generate`: the schema's generated sections, from the catalog the planner compiles with.
    struct GenerateSections: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate",
            abstract: "Rewrite the generated sections of schema/schema.graphql from the catalog.",
            discussion: """
                Ordering, filtering, aggregate and group-by types, and the arguments and fields they add to the \
                hand-written types, are generated from the catalog the server compiles queries with: which fields \
                exist and their kinds, which can be sorted or filtered by, which types policy-rule functions compute, \
                and the group-by dimensions. Fails, naming each difference, when the hand-written types and the \
                catalog disagree. With --check it writes nothing and fails when the file is not up to date (CI runs it).

                Examples (each runs in the tests):
                  qunji schema generate --check
                """
        )

        @Flag(help: "Write nothing; fail when schema/schema.graphql is not what the catalog generates.")
        var check = false

        @OptionGroup var tool: ToolOptions

        func run() async throws {
            let url = try ProjectSchemas(tool: tool).full
            let current = try String(contentsOf: url, encoding: .utf8)
            let generated = try GeneratedSections.regenerate(current, catalog: .qunji)
            if check {
                guard generated == current else {
                    throw ValidationError("\(url.path) is not what the catalog generates; run `qunji schema generate`")
                }
                print("\(url.lastPathComponent) is up to date with the catalog")
            } else if generated != current {
                try generated.write(to: url, atomically: true, encoding: .utf8)
                print("rewrote the generated sections of \(url.path)")
            } else {
                print("\(url.lastPathComponent) was already up to date")
            }
        }
    }
}
