import Foundation
import GraphQL
@testable import SchemaSource
import TestSupport
import Testing

/// Role schemas derived from roles.json (issue 6 §2, issue 17 §4): what a role may not see is cut out, with
/// everything that refers to it, and the result is a valid schema.
@Suite("Role schemas derived from the policy")
struct RoleSchemaDerivationTests {
    static let sdl = """
        \"\"\"Root.\"\"\"
        type Query {
          \"\"\"Keeps `x` when `y` is hidden.\"\"\"
          a(
            \"\"\"x\"\"\"
            x: Int
            \"\"\"y\"\"\"
            y: SecretInput
          ): A
          \"\"\"Needs a hidden input: goes.\"\"\"
          b(
            \"\"\"s\"\"\"
            s: SecretInput!
          ): A
          \"\"\"Returns a hidden type: goes.\"\"\"
          c: Secret
          \"\"\"Loses its only argument.\"\"\"
          d(
            \"\"\"z\"\"\"
            z: Int
          ): A
        }

        \"\"\"A.\"\"\"
        type A {
          \"\"\"f\"\"\"
          f: Int
          \"\"\"g\"\"\"
          g: String
          \"\"\"h\"\"\"
          h: Secret
        }

        \"\"\"Conditions on A.\"\"\"
        input AFilter {
          \"\"\"f\"\"\"
          f: Int
          \"\"\"g\"\"\"
          g: String
        }

        \"\"\"Secret.\"\"\"
        type Secret {
          \"\"\"v\"\"\"
          v: Int
        }

        \"\"\"Secret input.\"\"\"
        input SecretInput {
          \"\"\"v\"\"\"
          v: Int
        }

        \"\"\"Only secrets: empties and goes.\"\"\"
        type OnlySecrets {
          \"\"\"s\"\"\"
          s: Secret
        }

        """

    static func entry(types: [String] = [], fields: [String] = [], arguments: [String] = []) -> RolePolicy.Entry {
        RolePolicy.Entry(description: "Test role.", hiddenTypes: types, hiddenFields: fields, hiddenArguments: arguments)
    }

    @Test("a hidden type takes the fields returning it, optional arguments of its type, fields needing it, and types left empty")
    func hiddenType() throws {
        let derived = try RoleSchemaDerivation.derive(Self.sdl, role: "test", entry: Self.entry(types: ["Secret", "SecretInput"]))
        let schema = try buildSchema(source: derived)
        let query = try #require(schema.queryType).fields()
        #expect(Set(query.keys) == ["a", "d"])
        #expect(query["a"]?.args.keys.elements == ["x"])
        #expect(schema.getType(name: "Secret") == nil && schema.getType(name: "OnlySecrets") == nil)
        #expect(schema.getType(name: "SecretInput") == nil)
        #expect(!derived.contains("\n\n\n"), "no double blank line where a definition stood")
        #expect(derived.hasPrefix("# The GraphQL schema as the role `test` sees it"))
    }

    @Test("a hidden field goes from its type and from the type's generated inputs; a field losing every argument loses its parentheses")
    func hiddenFieldAndArguments() throws {
        let derived = try RoleSchemaDerivation.derive(Self.sdl, role: "test", entry: Self.entry(fields: ["A.g"], arguments: ["Query.d.z"]))
        let schema = try buildSchema(source: derived)
        #expect(Set(try #require(schema.getType(name: "A") as? GraphQLObjectType).fields().keys) == ["f", "h"])
        #expect(Set(try #require(schema.getType(name: "AFilter") as? GraphQLInputObjectType).fields().keys) == ["f"])
        #expect(try #require(schema.queryType).fields()["d"]?.args.isEmpty == true)
        #expect(derived.contains("  d: A\n"))
    }

    @Test("a name the schema lacks is an error, not silently nothing hidden")
    func unknownNames() {
        #expect(throws: SchemaSourceError.unknownName(role: "test", name: "Nope")) {
            try RoleSchemaDerivation.derive(Self.sdl, role: "test", entry: Self.entry(types: ["Nope"]))
        }
        #expect(throws: SchemaSourceError.unknownName(role: "test", name: "A.nope")) {
            try RoleSchemaDerivation.derive(Self.sdl, role: "test", entry: Self.entry(fields: ["A.nope"]))
        }
        #expect(throws: SchemaSourceError.unknownName(role: "test", name: "Query.a.nope")) {
            try RoleSchemaDerivation.derive(Self.sdl, role: "test", entry: Self.entry(arguments: ["Query.a.nope"]))
        }
    }

    @Test("the project's anonymous schema: no incidents, support measures or credit codes, in any input or argument")
    func projectAnonymous() throws {
        let full = try String(contentsOf: Repository.url("schema/schema.graphql"), encoding: .utf8)
        let policy = try RolePolicy.load(from: Repository.url("schema/roles.json"))
        let entry = try #require(policy.roles["anonymous"])
        let schema = try buildSchema(source: try RoleSchemaDerivation.derive(full, role: "anonymous", entry: entry))
        for hidden in ["Incident", "IncidentConnection", "IncidentFilter", "SupportMeasure", "SupportMeasureGroup", "MonitoringCheck"] {
            #expect(schema.getType(name: hidden) == nil, "\(hidden)")
        }
        let enterprise = try #require(schema.getType(name: "Enterprise") as? GraphQLObjectType).fields()
        #expect(enterprise["creditCode"] == nil && enterprise["revenue"] == nil && enterprise["name"] != nil)
        let filter = try #require(schema.getType(name: "EnterpriseFilter") as? GraphQLInputObjectType).fields()
        #expect(filter["creditCode"] == nil && filter["revenue"] == nil && filter["name"] != nil)
        let query = try #require(schema.queryType).fields()
        #expect(query["enterprise"]?.args.keys.elements == ["id"])
        #expect(query["supportMeasureGroups"] == nil && query["clusterGroups"] != nil)
    }
}
