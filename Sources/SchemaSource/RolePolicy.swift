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

        /// false: the role is served the full schema itself.
        public var hidesSomething: Bool { !hiddenTypes.isEmpty || !hiddenFields.isEmpty || !hiddenArguments.isEmpty }
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
