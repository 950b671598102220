import ArgumentParser
import Engine
import Foundation
import Migrations
import Planner

/// Where the project's schema files are: `schema/schema.graphql` and `schema/roles.json`, beside `sql/`.
struct ProjectSchemas {
    let full: URL

    init(tool: ToolOptions) throws {
        let sql = try SQLDirectory.locate(explicit: tool.sqlDirectory)
        full = sql.url.deletingLastPathComponent().appendingPathComponent("schema/schema.graphql")
    }

    /// Each role's schema; with `mutations`, as a server that writes serves them (the steps each role may take).
    func load(mutations: Bool = false) throws -> RoleSchemas {
        try RoleSchemas.load(full: full, mutations: mutations)
    }

    /// A role named on the command line.
    static func role(_ name: String) throws -> Role {
        guard let role = Role(rawValue: name) else {
            throw ValidationError("unknown role \"\(name)\"; the roles are \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return role
    }
}
