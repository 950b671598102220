@testable import Engine
import Foundation
@testable import Planner
import TestSupport
import Testing

/// Loading each role's schema (issue 17 §4): a role that hides something is served its own file or nothing.
@Suite("Role schemas on disk")
struct RoleSchemaLoadTests {
    /// A folder holding copies of the project's schema files: `withRoles` adds `roles/`, `withPolicy` roles.json.
    static func folder(withRoles: Bool, withPolicy: Bool = true) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qunji-roles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Repository.url("schema/schema.graphql"), to: folder.appendingPathComponent("schema.graphql"))
        if withPolicy {
            try FileManager.default.copyItem(at: Repository.url("schema/roles.json"), to: folder.appendingPathComponent("roles.json"))
        }
        if withRoles {
            try FileManager.default.copyItem(at: Repository.url("schema/roles"), to: folder.appendingPathComponent("roles"))
        }
        return folder
    }

    @Test("without roles/, loading fails naming the first restricted role's file, instead of serving it the full schema")
    func missingRoleFile() throws {
        let folder = try Self.folder(withRoles: false)
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = #expect(throws: RoleSchemaError.self) {
            try RoleSchemas.load(folder: folder.appendingPathComponent("roles"), full: folder.appendingPathComponent("schema.graphql"))
        }
        guard case .missing(let role, let path)? = error else {
            Issue.record("expected .missing, got \(String(describing: error))")
            return
        }
        #expect(role == .anonymous && path.hasSuffix("roles/anonymous.graphql"))
        #expect(error?.description.contains("does not start") == true)
    }

    @Test("without roles.json, loading fails: nothing says what a role may not see")
    func missingPolicy() throws {
        let folder = try Self.folder(withRoles: true, withPolicy: false)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: RoleSchemaError.self) {
            try RoleSchemas.load(folder: folder.appendingPathComponent("roles"), full: folder.appendingPathComponent("schema.graphql"))
        }
    }

    @Test("with both, each restricted role gets its file and the others the full schema")
    func complete() throws {
        let folder = try Self.folder(withRoles: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let schemas = try RoleSchemas.load(folder: folder.appendingPathComponent("roles"), full: folder.appendingPathComponent("schema.graphql"))
        let full = try String(contentsOf: Repository.url("schema/schema.graphql"), encoding: .utf8)
        #expect(schemas.sources[.anonymous] == (try String(contentsOf: Repository.url("schema/roles/anonymous.graphql"), encoding: .utf8)))
        #expect(schemas.sources[.analyst] == (try String(contentsOf: Repository.url("schema/roles/analyst.graphql"), encoding: .utf8)))
        #expect(schemas.sources[.admin] == full)
        #expect(schemas.sources[.anonymous] != full)
    }
}
