import ArgumentParser
import Auth
import Engine
import Foundation
import Planner
import Postgres

/// `qunji keys create|list|revoke`: API keys, run against the database as its owner (not as the read-only
/// server role).
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create, list and revoke API keys (Authorization: Bearer qj_…).",
        discussion: """
            A key grants one role (anonymous, analyst, fund_manager, admin), optionally limited to a prefecture's \
            enterprise-level rows. Only its SHA-256 is stored: the key is printed once, by `create`. A revoked key \
            stops working within 10 seconds on running servers. With no database named, the keys are those of \
            the demo database of `qunji serve --demo` (.qunji/db).

            Examples (each runs in the tests, on the demo database):
              qunji keys create --name me --role analyst
              qunji keys list
              qunji keys revoke me
            """,
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key and print it (the only time it is shown).")

        @Option(help: "What the key is for (unique), e.g. \"zunyi-dashboard\".")
        var name: String

        @Option(help: "anonymous, analyst, fund_manager or admin.")
        var role: String

        @Option(help: "Limit enterprise-level rows to this prefecture, e.g. 520300.")
        var region: String?

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var tool: ToolOptions

        func run() throws {
            guard let role = Role(rawValue: role) else {
                throw ValidationError("unknown role \"\(role)\"; roles: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let (key, record) = try database.withConnection(logger: tool.logger("qunji.keys")) { connection in
                try APIKeyStore.create(name: name, role: role, region: region, on: connection)
            }
            print(key.text)
            FileHandle.standardError.write(Data("created key \(record.prefix)… \"\(record.name)\" for role \(record.role.rawValue)\(record.region.map { " in \($0)" } ?? ""); store it now, it is not shown again\n".utf8))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys (prefix, name, role, region, created, revoked).")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var tool: ToolOptions

        func run() throws {
            let records = try database.withConnection(logger: tool.logger("qunji.keys")) { try APIKeyStore.list(on: $0) }
            print(["prefix", "name", "role", "region", "created", "revoked"].joined(separator: "\t"))
            for record in records {
                print([record.prefix, record.name, record.role.rawValue, record.region ?? "-", record.createdAt, record.revokedAt ?? "-"]
                    .joined(separator: "\t"))
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke the active key with this name, prefix or id.")

        @Argument(help: "The key's name, its prefix (qj_xxxxxxxx) or its id.")
        var key: String

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var tool: ToolOptions

        func run() throws {
            let record = try database.withConnection(logger: tool.logger("qunji.keys")) { try APIKeyStore.revoke(key, on: $0) }
            print("revoked \(record.prefix)… \"\(record.name)\"")
        }
    }
}
