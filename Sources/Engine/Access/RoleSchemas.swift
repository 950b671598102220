import Foundation
import Planner

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
    /// for those that see everything (the generator writes no copy for them). Which is which comes from
    /// `roles.json` beside the full schema: a role that hides something and has no file is an error, never the
    /// full schema — `serve --schema x/schema.graphql` without its `roles/` would otherwise serve everything to
    /// anonymous requests.
    public static func load(folder: URL, full: URL) throws -> RoleSchemas {
        let fullSource: String
        do {
            fullSource = try String(contentsOf: full, encoding: .utf8)
        } catch {
            throw RoleSchemaError.missing(role: .admin, path: full.path)
        }
        let policyURL = full.deletingLastPathComponent().appendingPathComponent("roles.json")
        let restricted = try RolePolicy.restrictedRoles(at: policyURL)
        var sources: [Role: String] = [:]
        for role in Role.allCases {
            guard restricted.contains(role) else {
                sources[role] = fullSource
                continue
            }
            let url = folder.appendingPathComponent("\(role.rawValue).graphql")
            guard let source = try? String(contentsOf: url, encoding: .utf8) else {
                throw RoleSchemaError.missing(role: role, path: url.path)
            }
            sources[role] = source
        }
        return RoleSchemas(sources: sources)
    }
}

/// `schema/roles.json`, as far as loading needs it: which roles hide something.
private struct RolePolicy: Decodable {
    struct Entry: Decodable {
        var hiddenTypes: [String]?
        var hiddenFields: [String]?
        var hiddenArguments: [String]?
        var hidesSomething: Bool {
            !(hiddenTypes ?? []).isEmpty || !(hiddenFields ?? []).isEmpty || !(hiddenArguments ?? []).isEmpty
        }
    }
    var roles: [String: Entry]

    static func restrictedRoles(at url: URL) throws -> Set<Role> {
        guard let data = try? Data(contentsOf: url) else { throw RoleSchemaError.noPolicy(path: url.path) }
        let policy: RolePolicy
        do {
            policy = try JSONDecoder().decode(RolePolicy.self, from: data)
        } catch {
            throw RoleSchemaError.unreadablePolicy(path: url.path, reason: "\(error)")
        }
        var restricted: Set<Role> = []
        for role in Role.allCases {
            // A role roles.json does not name is treated as hiding something: it must have its own file.
            if policy.roles[role.rawValue]?.hidesSomething ?? true { restricted.insert(role) }
        }
        return restricted
    }
}

/// Why the role schemas could not be loaded.
public enum RoleSchemaError: Error, CustomStringConvertible {
    case missing(role: Role, path: String)
    case noPolicy(path: String)
    case unreadablePolicy(path: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let role, let path):
            return "the schema of role \(role.rawValue) is missing at \(path); run scripts/generate-role-schemas.py "
                + "(the server does not start rather than serve a role more than roles.json allows it)"
        case .noPolicy(let path):
            return "roles.json is missing at \(path): it says what each role may not see, and the server does not "
                + "start without it (keep schema/schema.graphql, schema/roles.json and schema/roles/ together)"
        case .unreadablePolicy(let path, let reason):
            return "\(path) is not a valid role policy: \(reason)"
        }
    }
}
