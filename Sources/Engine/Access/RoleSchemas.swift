import Foundation
import GraphQL
import Planner
import SchemaSource

/// The SDL each role is served, by role.
public struct RoleSchemas: Sendable {
    public var sources: [Role: String]
    /// The schemas already built from `sources`, by role (those `load` built to check them), so that the service does
    /// not build them again: building and validating the SDL is most of the server's start-up (BENCHMARKS.md).
    public var built: [Role: GraphQLSchema]

    public init(sources: [Role: String], built: [Role: GraphQLSchema] = [:]) {
        self.sources = sources
        self.built = built
    }

    /// One schema for every role (tests, and tools that need no access control).
    public static func single(_ source: String) -> RoleSchemas {
        RoleSchemas(sources: Dictionary(uniqueKeysWithValues: Role.allCases.map { ($0, source) }))
    }

    /// Each role's schema, derived from the full schema and `roles.json` beside it (`RoleSchemaDerivation`): a role
    /// that hides nothing is served the full schema itself. A missing or unreadable policy, a role the policy does not
    /// name, or a name it hides that the schema lacks stops the server: serving `--schema x/schema.graphql` without its
    /// policy would otherwise show anonymous requests everything.
    ///
    /// - Parameter mutations: whether the server writes (`--enable-mutations`): without it no role has a Mutation type.
    public static func load(full: URL, mutations: Bool = false) throws -> RoleSchemas {
        let fullSource: String
        do {
            fullSource = try String(contentsOf: full, encoding: .utf8)
        } catch {
            throw RoleSchemaError.missing(path: full.path)
        }
        let policyURL = full.deletingLastPathComponent().appendingPathComponent("roles.json")
        let policy = try RolePolicy.load(from: policyURL)
        var sources: [Role: String] = [:]
        var built: [Role: GraphQLSchema] = [:]
        // Roles whose entries hide the same things are served one derivation (a county officer's and an analyst's read
        // alike on a server that does not write): deriving and building is most of the start-up.
        var derived: [DerivationKey: (source: String, schema: GraphQLSchema)] = [:]
        var parsed: RoleSchemaDerivation.ParsedSchema?
        for role in Role.allCases {
            guard var entry = policy.roles[role.rawValue] else {
                throw RoleSchemaError.unnamedRole(role: role, path: policyURL.path)
            }
            if !mutations { entry = entry.withoutMutations }
            guard entry.hidesSomething else {
                sources[role] = fullSource
                continue
            }
            let key = DerivationKey(entry)
            if derived[key] == nil {
                let document = try parsed ?? RoleSchemaDerivation.ParsedSchema(fullSource)
                parsed = document
                derived[key] = try RoleSchemaDerivation.deriveBuilt(document, role: role.rawValue, entry: entry)
            }
            guard let shared = derived[key] else { continue }
            // The text names its own role in its header comment; the built schema is shared.
            sources[role] = RoleSchemaDerivation.header(role: role.rawValue, entry: entry)
                + shared.source.split(separator: "\n", maxSplits: 3, omittingEmptySubsequences: false).dropFirst(3)
                    .joined(separator: "\n")
            built[role] = shared.schema
        }
        return RoleSchemas(sources: sources, built: built)
    }
}

/// What a derivation depends on (the description only heads the text, so roles sharing a derivation share its header).
private struct DerivationKey: Hashable {
    let hiddenTypes: [String]
    let hiddenFields: [String]
    let hiddenArguments: [String]
    let mutations: [String]

    init(_ entry: RolePolicy.Entry) {
        hiddenTypes = entry.hiddenTypes.sorted()
        hiddenFields = entry.hiddenFields.sorted()
        hiddenArguments = entry.hiddenArguments.sorted()
        mutations = (entry.mutations ?? []).sorted()
    }
}

/// Why the role schemas could not be loaded (the policy's own errors are `SchemaSourceError`s).
public enum RoleSchemaError: Error, CustomStringConvertible {
    case missing(path: String)
    case unnamedRole(role: Role, path: String)

    public var description: String {
        switch self {
        case .missing(let path):
            return "the schema is missing at \(path)"
        case .unnamedRole(let role, let path):
            return "\(path) does not say what the role \(role.rawValue) may not see; the server does not start rather "
                + "than guess (give it an entry, with empty lists if it sees everything)"
        }
    }
}
