@testable import Engine
import Foundation
@testable import Planner
import SchemaSource
import TestSupport
import Testing

/// Loading each role's schema (issue 17 §4): derived at start-up from roles.json, or the server does not start.
@Suite("Role schemas at start-up")
struct RoleSchemaLoadTests {
    /// A folder holding a copy of the project's schema and, with `policy`, that text as its roles.json.
    static func folder(policy: String?) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qunji-roles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Repository.url("schema/schema.graphql"), to: folder.appendingPathComponent("schema.graphql"))
        if let policy { try Data(policy.utf8).write(to: folder.appendingPathComponent("roles.json")) }
        return folder
    }

    static let projectPolicy = Result { try String(contentsOf: Repository.url("schema/roles.json"), encoding: .utf8) }

    @Test("without roles.json beside the schema, loading fails: nothing says what anonymous may not see")
    func missingPolicy() throws {
        let folder = try Self.folder(policy: nil)
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = #expect(throws: SchemaSourceError.self) { try RoleSchemas.load(full: folder.appendingPathComponent("schema.graphql")) }
        #expect(error?.description.contains("no role policy") == true)
    }

    @Test("a policy that does not name a role, or is not JSON, stops loading")
    func incompletePolicy() throws {
        let withoutAnalyst = try Self.projectPolicy.get().replacingOccurrences(of: "\"analyst\":", with: "\"analysts\":")
        let folder = try Self.folder(policy: withoutAnalyst)
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = #expect(throws: RoleSchemaError.self) { try RoleSchemas.load(full: folder.appendingPathComponent("schema.graphql")) }
        #expect(error?.description.contains("role analyst") == true)
        let broken = try Self.folder(policy: "{\"roles\": ")
        defer { try? FileManager.default.removeItem(at: broken) }
        #expect(throws: SchemaSourceError.self) { try RoleSchemas.load(full: broken.appendingPathComponent("schema.graphql")) }
    }

    @Test("a policy hiding what the schema lacks stops loading, naming it")
    func unknownHiddenName() throws {
        let typo = try Self.projectPolicy.get().replacingOccurrences(of: "\"Enterprise.creditCode\"", with: "\"Enterprise.creditCod\"")
        let folder = try Self.folder(policy: typo)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: SchemaSourceError.unknownName(role: "anonymous", name: "Enterprise.creditCod")) {
            try RoleSchemas.load(full: folder.appendingPathComponent("schema.graphql"))
        }
    }

    @Test("with both, each restricted role gets its derived schema and the others the full schema; without mutations no role has a Mutation type")
    func complete() async throws {
        let folder = try Self.folder(policy: try Self.projectPolicy.get())
        defer { try? FileManager.default.removeItem(at: folder) }
        let full = folder.appendingPathComponent("schema.graphql")
        // Seconds of CPU for both loads: on the set-up queue, off the cooperative threads other suites' servers need.
        let (schemas, readOnly) = try await ProjectDatabase.settingUp {
            (try RoleSchemas.load(full: full, mutations: true), try RoleSchemas.load(full: full))
        }
        let fullSource = try String(contentsOf: Repository.url("schema/schema.graphql"), encoding: .utf8)
        #expect(schemas.sources[.admin] == fullSource)
        let anonymous = try #require(schemas.sources[.anonymous])
        let analyst = try #require(schemas.sources[.analyst])
        #expect(anonymous.hasPrefix("# The GraphQL schema as the role `anonymous` sees it"))
        #expect(analyst.hasPrefix("# The GraphQL schema as the role `analyst` sees it"))
        #expect(!anonymous.contains("creditCode") && analyst.contains("creditCode"))
        #expect(!analyst.contains("provider:"))
        // Each body sees its own steps; the public and analysts none, and no payload or input of a step.
        #expect(!anonymous.contains("type Mutation") && !analyst.contains("type Mutation") && !analyst.contains("ApplicationPayload"))
        let county = try #require(schemas.sources[.countyOfficer])
        #expect(county.contains("submitApplication(") && !county.contains("recognizeCluster(") && !county.contains("RecognizeClusterInput"))
        let fund = try #require(schemas.sources[.fundManager])
        #expect(fund.contains("recordSupportMeasure(") && !fund.contains("submitApplication(") && !fund.contains("type AuditEvent"))
        for role in Role.allCases {
            let source = try #require(readOnly.sources[role])
            #expect(!source.contains("type Mutation") && !source.contains("mutation: Mutation"), "\(role)")
        }
    }
}
