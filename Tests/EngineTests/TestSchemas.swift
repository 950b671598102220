import Engine
import Foundation
import GraphQL
import TestSupport

/// The project's schemas, built once per test process. Building the full SDL takes a good part of a second in a
/// debug build; tests that built it per case kept Swift's cooperative threads (two on a 2-core machine) busy for
/// seconds, and the HTTP servers other suites run in the same process, whose handlers need those threads, stopped
/// answering (issue 15 §6). Build it here once, on the tests' serial set-up queue.
enum TestSchemas {
    private static let fullResult = Result { try buildSchema(source: String(contentsOf: Repository.url("schema/schema.graphql"), encoding: .utf8)) }
    private static let anonymousResult = Result {
        try buildSchema(source: roleSources.get().sources[.anonymous] ?? "")
    }
    /// Each role's SDL, derived from schema/schema.graphql and schema/roles.json as the server derives it.
    static let roleSources = Result { try RoleSchemas.load(full: Repository.url("schema/schema.graphql")) }

    /// Each role's SDL, derived on the set-up queue: deriving seven roles' schemas is seconds of CPU in a debug build,
    /// which on Swift's cooperative threads would hold up the HTTP servers of other suites in this process.
    static func roles() async throws -> RoleSchemas {
        try await ProjectDatabase.settingUp { try roleSources.get() }
    }

    /// The full (admin) schema.
    static func full() async throws -> GraphQLSchema {
        try await ProjectDatabase.settingUp { try fullResult.get() }
    }

    /// The anonymous role's schema.
    static func anonymous() async throws -> GraphQLSchema {
        try await ProjectDatabase.settingUp { try anonymousResult.get() }
    }
}
