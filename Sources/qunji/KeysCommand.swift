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
            enterprise-level rows; or one of the bodies that record the process (county_officer with --region a \
            county code, prefecture_officer with --region a prefecture code, province_officer), whose steps the server \
            takes with --enable-mutations. A fund manager's key may be limited to one fund (--fund). Only its SHA-256 is stored: the key is printed once, by `create`. A revoked key \
            stops working within 10 seconds on running servers. With no database named, the keys are those of \
            the demo database of `qunji serve --demo` (.qunji/db).

            Examples (each runs in the tests, on the demo database):
              qunji keys create --name me --role analyst
              qunji keys create --name suiyang --role county_officer --region 520323
              qunji keys list
              qunji keys revoke me
            """,
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key and print it (the only time it is shown).")

        @Option(help: "What the key is for (unique), e.g. \"zunyi-dashboard\".")
        var name: String

        @Option(help: "anonymous, analyst, fund_manager, admin, county_officer, prefecture_officer or province_officer.")
        var role: String

        @Option(help: "The scope: a county code for a county officer (e.g. 520323), a prefecture code for a prefecture officer, or the prefecture another role's enterprise-level rows are limited to (e.g. 520300).")
        var region: String?

        @Option(help: "For a fund manager: the one fund whose support measures it may record (its code).")
        var fund: String?

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var tool: ToolOptions

        func run() throws {
            guard let role = Role(rawValue: role) else {
                throw ValidationError("unknown role \"\(role)\"; roles: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let (key, record) = try database.withConnection(logger: tool.logger("qunji.keys")) { connection in
                try APIKeyStore.create(name: name, role: role, region: region, fund: fund, on: connection)
            }
            print(key.text)
            FileHandle.standardError.write(Data("created key \(record.prefix)… \"\(record.name)\" for role \(record.role.rawValue)\(record.region.map { " in \($0)" } ?? ""); store it now, it is not shown again\n".utf8))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys (prefix, name, role, region, fund, created, revoked).")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var tool: ToolOptions

        func run() throws {
            let records = try database.withConnection(logger: tool.logger("qunji.keys")) { try APIKeyStore.list(on: $0) }
            print(["prefix", "name", "role", "region", "fund", "created", "revoked"].joined(separator: "\t"))
            for record in records {
                print([record.prefix, record.name, record.role.rawValue, record.region ?? "-", record.fund ?? "-", record.createdAt,
                       record.revokedAt ?? "-"]
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
