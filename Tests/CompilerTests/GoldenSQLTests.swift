import Catalog
@testable import Compiler
import Foundation
import GraphQL
import TestSupport
import Testing

/// Golden files of the SQL the compiler emits, so a reviewer sees the one statement each operation
/// becomes (and any change to it shows in the diff). Regenerate with `QUNJI_UPDATE_GOLDEN=1 scripts/test
/// --filter GoldenSQLTests` and review the diff.
@Suite("Golden SQL")
struct GoldenSQLTests {
    static let cases: [(name: String, query: String, variables: [String: Map])] = [
        ("connection_with_nested_list",
         "{ clusters(first: 2) { totalCount nodes { name counties { nodes { outputShare county { name } } } } } }", [:]),
        ("lookup_with_relations",
         #"{ cluster(code: "GZTS-520382-01") { name prefecture { name } industrialBase { name } } }"#, [:]),
        ("backward_page_with_edges",
         "{ supportMeasures(last: 3) { edges { cursor node { amountYuan fund { name } } } pageInfo { hasPreviousPage startCursor } } }",
         [:]),
        ("node_with_fragments",
         "query($id: ID!) { node(id: $id) { __typename ... on Enterprise { name ...Tiers } } } fragment Tiers on Enterprise { qualifications(first: 3) { nodes { kind level } } }",
         ["id": .string(GlobalID.encode(typeName: "Enterprise", key: ["1"]))]),
        ("typename_and_total", "{ __typename funds { totalCount } }", [:]),
    ]

    @Test("generated SQL matches the golden files", arguments: cases.map(\.name))
    func golden(name: String) throws {
        guard let testCase = Self.cases.first(where: { $0.name == name }) else { return }
        let source = try String(contentsOf: Repository.url("schema/schema.graphql"), encoding: .utf8)
        let schema = try buildSchema(source: source)
        let compiler = QueryCompiler(catalog: .qunji, schema: schema, limits: .init())
        let document = try GraphQL.parse(source: Source(body: testCase.query, name: name))
        let compiled = try compiler.compile(document: document, operationName: nil, variables: testCase.variables)
        let text = "-- \(testCase.query)\n\(compiled.sql);\n-- parameters: "
            + compiled.parameters.map { $0.map { "'\($0)'" } ?? "NULL" }.joined(separator: ", ") + "\n"
        let file = Repository.url("Tests/CompilerTests/Golden/\(name).sql")
        if ProcessInfo.processInfo.environment["QUNJI_UPDATE_GOLDEN"] == "1" {
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOf: file, encoding: .utf8)
        #expect(text == golden, "the SQL for \(name) changed; regenerate with QUNJI_UPDATE_GOLDEN=1 and review the diff")
    }
}
