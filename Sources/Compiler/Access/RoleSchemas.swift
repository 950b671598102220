import Foundation

/// The SDL each role is served, by role.
public struct RoleSchemas: Sendable {
    public var sources: [Role: String]

    public init(sources: [Role: String]) {
        self.sources = sources
    }

    /// One schema for every role (tests, and tools that need no access control).
    public static func single(_ source: String) -> RoleSchemas {
        RoleSchemas(sources: Dictionary(uniqueKeysWithValues: Role.allCases.map { ($0, source) }))
    }

    /// `schema/roles/<role>.graphql` for the roles that hide something, and the full schema (`schema/schema.graphql`)
    /// for those that see everything (the generator writes no copy for them).
    public static func load(folder: URL, full: URL) throws -> RoleSchemas {
        var sources: [Role: String] = [:]
        let fullSource: String
        do {
            fullSource = try String(contentsOf: full, encoding: .utf8)
        } catch {
            throw RoleSchemaError.missing(role: .admin, path: full.path)
        }
        for role in Role.allCases {
            let url = folder.appendingPathComponent("\(role.rawValue).graphql")
            sources[role] = (try? String(contentsOf: url, encoding: .utf8)) ?? fullSource
        }
        return RoleSchemas(sources: sources)
    }
}

/// Why the role schemas could not be loaded.
public enum RoleSchemaError: Error, CustomStringConvertible {
    case missing(role: Role, path: String)

    public var description: String {
        switch self {
        case .missing(let role, let path):
            return "the schema of role \(role.rawValue) is missing at \(path); run scripts/generate-role-schemas.py"
        }
    }
}
