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

    /// `schema/roles/<role>.graphql` for every role, from the folder `schema/roles`.
    public static func load(folder: URL) throws -> RoleSchemas {
        var sources: [Role: String] = [:]
        for role in Role.allCases {
            let url = folder.appendingPathComponent("\(role.rawValue).graphql")
            do {
                sources[role] = try String(contentsOf: url, encoding: .utf8)
            } catch {
                throw RoleSchemaError.missing(role: role, path: url.path)
            }
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
