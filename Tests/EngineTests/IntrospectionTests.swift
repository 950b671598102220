import Engine
import Foundation
import GraphQL
import Planner
import TestSupport
import Testing

/// Introspection answered from each role's precomputed model (issue 16 §1): conformant to every option of
/// the reference introspection query, and counted like data.
@Suite("Introspection")
struct IntrospectionTests {
    static func run(_ service: QueryService, _ query: String, role: Role, variables: [String: Map]? = nil) async -> String {
        let result = await service.execute(QueryRequest(query: query, variables: variables, principal: Principal(role: role)))
        switch result {
        case .executed(let body, _): return String(decoding: body, as: UTF8.self)
        case .rejected(let errors): return "REJECTED " + GraphQLResponseError.jsonArray(errors)
        default: return "\(result)"
        }
    }

    @Test("graphql-core's introspection query with every option on rebuilds exactly each role's schema (build_client_schema, print_schema)")
    func everyOptionEveryRole() async throws {
        let service = try await RoleTests.service()
        let query = try String(contentsOf: Repository.url("Tests/EngineTests/Fixtures/introspection-every-option.graphql"), encoding: .utf8)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qunji-introspection-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let sources = try await TestSchemas.roles().sources
        for role in Role.allCases {
            let answer = await Self.run(service, query, role: role)
            #expect(answer.hasPrefix(#"{"data":{"__schema":{"description":"Guizhou SME"#), "\(role): \(answer.prefix(300))")
            #expect(!answer.contains(#""errors""#), "\(role): \(answer.prefix(300))")
            let file = folder.appendingPathComponent("\(role.rawValue).json")
            try Data(answer.utf8).write(to: file)
            let sdl = folder.appendingPathComponent("\(role.rawValue).graphql")
            try Data((sources[role] ?? "").utf8).write(to: sdl)
            let script = Repository.url("scripts/introspection-conformance.py").path
            let (status, output) = try await ChildProcess.run("/usr/bin/env", ["python3", script, file.path, sdl.path])
            #expect(status == 0, "\(role): \(output)")
        }
    }

    @Test("a document multiplying introspection lists (482 bytes) is refused as COST_LIMIT_EXCEEDED, before it grows; the explorer's query still answers")
    func multiplyingListsRefused() async throws {
        let service = try await RoleTests.service()
        var fragments = ""
        for level in 0..<3 {
            fragments += " fragment L\(level) on __Type { name a0: fields { type { ofType { ...L\(level + 1) } } } a1: fields { type { ofType { ...L\(level + 1) } } } }"
        }
        fragments += " fragment L3 on __Type { name }"
        let attack = "{ __schema { types { ...L0 } } }" + fragments
        for role in [Role.anonymous, .admin] {
            let answer = await Self.run(service, attack, role: role)
            #expect(answer.hasPrefix("REJECTED") && answer.contains("COST_LIMIT_EXCEEDED"), "\(role): \(answer.prefix(300))")
            #expect(answer.contains("objects"))
        }
        // Fields of every type, with their argument types: the shape schema explorers ask for.
        let explorer = await Self.run(service, "{ __schema { types { name fields { name args { name type { name kind ofType { name } } } } } } }",
                                      role: .anonymous)
        #expect(explorer.hasPrefix(#"{"data":{"__schema":{"types":[{"name":"Query","fields":[{"name":"#), "\(explorer.prefix(200))")
    }

    @Test("__type, includeDeprecated, @skip/@include with variables, aliases, inline fragments and __typename inside introspection")
    func selections() async throws {
        let service = try await RoleTests.service()
        let query = """
            query($withKind: Boolean!, $name: String!) {
              t: __type(name: $name) { name k: kind @include(if: $withKind) ... on __Type { __typename } enumValues(includeDeprecated: true) { name isDeprecated } }
              missing: __type(name: "NoSuchType") { name }
              hidden: __type(name: "Incident") { name }
            }
            """
        let answer = await Self.run(service, query, role: .anonymous, variables: ["withKind": .bool(false), "name": .string("OrderDirection")])
        #expect(answer == #"{"data":{"t":{"name":"OrderDirection","__typename":"__Type","enumValues":[{"name":"ASC","isDeprecated":false},{"name":"DESC","isDeprecated":false},{"name":"ASC_NULLS_FIRST","isDeprecated":false},{"name":"ASC_NULLS_LAST","isDeprecated":false},{"name":"DESC_NULLS_FIRST","isDeprecated":false},{"name":"DESC_NULLS_LAST","isDeprecated":false}]},"missing":null,"hidden":null}}"#, "\(answer)")
        let admin = await Self.run(service, #"{ __type(name: "Incident") { name kind } }"#, role: .admin)
        #expect(admin == #"{"data":{"__type":{"name":"Incident","kind":"OBJECT"}}}"#, "\(admin)")
    }
}
