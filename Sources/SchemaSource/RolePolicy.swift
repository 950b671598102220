import Foundation

/// `schema/roles.json`: what each role may not see. The role schemas are derived from it and the full schema when
/// the server starts (`RoleSchemaDerivation`), so a role's schema can never be stale or missing.
public struct RolePolicy: Decodable, Sendable {
    public struct Entry: Decodable, Sendable {
        /// Why the role sees what it sees; heads the derived schema.
        public var description: String
        /// Types the role may not see; each takes its generated family (connection, filters, aggregates, …) with it.
        public var hiddenTypes: [String]
        /// `Type.field`: taken from the type and from its generated inputs and aggregate types.
        public var hiddenFields: [String]
        /// `Type.field.argument`.
        public var hiddenArguments: [String]
        /// The fields of `Mutation` (the steps of the process) the role may call; `["*"]` for all of them. Absent or
        /// empty: none, and the role's schema has no Mutation type.
        public var mutations: [String]?

        public init(description: String, hiddenTypes: [String] = [], hiddenFields: [String] = [], hiddenArguments: [String] = [],
                    mutations: [String]? = nil) {
            self.description = description
            self.hiddenTypes = hiddenTypes
            self.hiddenFields = hiddenFields
            self.hiddenArguments = hiddenArguments
            self.mutations = mutations
        }

        /// Whether the role may call every mutation.
        public var mayCallEveryMutation: Bool { mutations == ["*"] }

        /// false: the role is served the full schema itself (when mutations are served).
        public var hidesSomething: Bool {
            !hiddenTypes.isEmpty || !hiddenFields.isEmpty || !hiddenArguments.isEmpty || !mayCallEveryMutation
        }

        /// The entry with no mutation at all: what every role is served when the server does not write.
        public var withoutMutations: Entry {
            var entry = self
            entry.mutations = []
            return entry
        }
    }

    public var roles: [String: Entry]

    /// Reads the policy; a missing or unreadable file is an error, never "hide nothing".
    public static func load(from url: URL) throws -> RolePolicy {
        guard let data = try? Data(contentsOf: url) else { throw SchemaSourceError.noPolicy(path: url.path) }
        do {
            return try JSONDecoder().decode(RolePolicy.self, from: data)
        } catch {
            throw SchemaSourceError.unreadablePolicy(path: url.path, reason: "\(error)")
        }
    }
}
