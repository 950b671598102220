import Engine
import Foundation
import Planner
import Postgres
@testable import Server
import TestSupport
import Testing

/// Runs the graphql-http audit suite (`scripts/checks/graphql_http_audit.py`, all 61 audits) against the
/// HTTP layer, with `AuditScriptedExecutor` standing in for the compiler.
///
/// This proves the HTTP half of the conformance: given an executor that classifies requests the way the
/// real one must (parse and validation errors and variable coercion failures `.rejected`, a mutation over
/// GET `.notAllowedOverGET`), nothing in the transport fails a MUST or a SHOULD. The same script run against
/// `qunji serve` checks both halves together.
@Suite("graphql-http audit")
struct AuditTests {
    /// A copy of the workspace's check, kept in the repository so every clone (and CI) runs it.
    static let script = Repository.url("scripts/checks/graphql_http_audit.py")

    static func findPython() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test("no MUST failures and no warnings, with and without fetch() default headers",
          arguments: [false, true])
    func audit(fetchDefaults: Bool) async throws {
        let python = try #require(Self.findPython(), "python3 is needed to run the audit")
        let (status, output) = try await withTestServer(ScriptedExecutor(script: AuditScriptedExecutor.answer)) { client in
            // A generous per-request timeout: the suite shares two cores with every other test.
            var arguments = [Self.script.path, "http://127.0.0.1:\(client.port)/graphql", "--timeout", "60"]
            if fetchDefaults { arguments.append("--fetch-defaults") }
            return try await run(python, arguments)
        }
        #expect(status == 0, "\(output)")
        #expect(output.contains("warnings: 0 "), "\(output)")
        #expect(output.contains("61 passed, 0 failed"), "\(output)")
    }

    @Test("the same against the real QueryService over a migrated database: both halves together")
    func auditQueryService() async throws {
        let python = try #require(Self.findPython(), "python3 is needed to run the audit")
        let database = try await ProjectDatabase.migrated("httpaudit")
        let pool = ConnectionPool(configuration: database, options: .init(size: 2), logger: quietLogger)
        let schema = try String(contentsOf: Repository.url("schema/schema.graphql"), encoding: .utf8)
        let service = try await ProjectDatabase.settingUp { try QueryService(schemaSource: schema, catalog: .qunji, pool: pool, logger: quietLogger) }
        let (status, output) = try await withTestServer(service) { client in
            try await run(python, [Self.script.path, "http://127.0.0.1:\(client.port)/graphql", "--timeout", "60"])
        }
        await pool.shutdown()
        #expect(status == 0, "\(output)")
        #expect(output.contains("warnings: 0 "), "\(output)")
        #expect(output.contains("61 passed, 0 failed"), "\(output)")
    }

    private func run(_ executable: String, _ arguments: [String]) async throws -> (Int32, String) {
        try await ChildProcess.run(executable, arguments)
    }
}

/// What the audits need from an executor, answered by looking at the request text: a double of the
/// compiler's classification, not of any data.
enum AuditScriptedExecutor {
    @Sendable static func answer(_ request: QueryRequest) async -> QueryResult {
        let query = request.query.trimmingCharacters(in: .whitespacesAndNewlines)
        if query.hasPrefix("mutation") {
            return request.method == .get
                ? .notAllowedOverGET
                : .rejected(errors: [GraphQLResponseError(message: "Schema is not configured for mutations.",
                                                          code: "GRAPHQL_VALIDATION_FAILED")])
        }
        if query == "{" {
            return .rejected(errors: [GraphQLResponseError(message: "Syntax Error: Expected Name, found <EOF>.",
                                                           locations: [.init(line: 1, column: 2)],
                                                           code: "GRAPHQL_PARSE_FAILED")])
        }
        if query.contains("8f31403dfe404bccbb0e835f2629c6a7") {
            return .rejected(errors: [GraphQLResponseError(
                message: "Cannot query field \"8f31403dfe404bccbb0e835f2629c6a7\" on type \"Query\".",
                locations: [.init(line: 1, column: 3)], code: "GRAPHQL_VALIDATION_FAILED")])
        }
        if query.hasPrefix("query CoerceFailure"), request.variables?["id"] == .null {
            return .rejected(errors: [GraphQLResponseError(
                message: "Variable \"$id\" of non-null type \"ID!\" must not be null.",
                locations: [.init(line: 1, column: 21)], code: "BAD_USER_INPUT")])
        }
        if query.contains("__type(") {
            return .executed(body: Array(#"{"data":{"__type":null}}"#.utf8))
        }
        return .executed(body: Array(#"{"data":{"__typename":"Query"}}"#.utf8))
    }
}
