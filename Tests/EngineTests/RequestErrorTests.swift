import Catalog
import Engine
import Foundation
import GraphQL
import Planner
import Postgres
import TestSupport
import Testing

/// Errors are spec-shaped (message, locations, extensions.code), and none of them runs SQL.
@Suite("Request errors")
struct RequestErrorTests {
    @Test("parse, validation, overlap, variables and operation selection errors")
    func errors() async throws {
        let service = try await ServiceFixture.shared.isolatedService()
        let before = await service.pool.checkoutCount
        let cases: [(String, [String: Map]?, String?, String)] = [
            ("{ clusters { ", nil, nil,
             #"[{"message":"Syntax Error GraphQL (1:14) Expected Name, found <EOF>","locations":[{"line":1,"column":14}],"extensions":{"code":"GRAPHQL_PARSE_FAILED"}}]"#),
            ("{ clusters { nodes { nope } } }", nil, nil,
             #"Cannot query field \"nope\" on type \"Cluster\". Did you mean \"code\" or \"name\"?","locations":[{"line":1,"column":22}],"extensions":{"code":"GRAPHQL_VALIDATION_FAILED"}}]"#),
            ("{ a: clusters { totalCount } a: funds { totalCount } }", nil, nil, "GRAPHQL_VALIDATION_FAILED"),
            ("query($n: Int!) { clusters(first: $n) { totalCount } }", nil, nil,
             #"[{"message":"Variable \"$n\" of required type \"Int!\" was not provided.","locations":[{"line":1,"column":7}],"extensions":{"code":"BAD_USER_INPUT"}}]"#),
            ("query($n: Int!) { clusters(first: $n) { totalCount } }", ["n": .null], nil,
             #"Variable \"$n\" got invalid value null; Expected non-nullable type \"Int!\" not to be null."#),
            ("query($n: Int) { clusters(first: $n) { totalCount } }", ["n": .string("ten")], nil,
             #"Int cannot represent non-integer value: \"ten\""#),
            ("query A { funds { totalCount } } query B { funds { totalCount } }", nil, nil,
             #"[{"message":"Must provide operation name if query contains multiple operations.","extensions":{"code":"OPERATION_RESOLUTION_FAILURE"}}]"#),
            ("query A { funds { totalCount } }", nil, "C", #"Unknown operation named \"C\"."#),
        ]
        for (query, variables, operation, expected) in cases {
            let body = await service.run(query, variables: variables, operationName: operation)
            #expect(body.hasPrefix("REJECTED"), "\(query): \(body)")
            #expect(body.contains(expected), "\(query): \(body)")
        }
        #expect(await service.pool.checkoutCount == before)
    }

    @Test("same field with different arguments under one response key is rejected by the overlap rule")
    func overlap() async throws {
        let service = try await ServiceFixture.shared.service()
        let body = await service.run("{ clusters(first: 1) { totalCount } clusters(first: 2) { totalCount } }")
        #expect(body.contains("conflict because they have differing arguments"), "\(body)")
    }

    @Test("a mutation over GET is refused, before anything runs")
    func mutationOverGET() async throws {
        let service = try await ServiceFixture.shared.service()
        let body = await service.run(#"mutation { submitApplication(input: {clusterCode: "GZTS-520424-01", roundYear: 2026}) { cluster { code } } }"#,
                                     method: .get)
        #expect(body == "NOT ALLOWED OVER GET")
    }
}

/// The compiler's promise: one statement, one round trip, whatever the depth.
/// Issue 16 §6, in part: values PostgreSQL refuses are the client's error (`BAD_USER_INPUT`), never a server error.
@Suite("Values the database refuses")
struct RefusedValueTests {
    @Test("a NUL character, dates PostgreSQL has no such day for, a global id of the wrong key type, a LIKE ending in an escape: BAD_USER_INPUT")
    func refusedValues() async throws {
        let service = try await ServiceFixture.shared.service()
        let wrongKey = Data("Enterprise:abc".utf8).base64EncodedString()
        let otherWrongKey = Data("Cluster:xxx".utf8).base64EncodedString()
        let queries = [
            #"{ clusters(where: {name: {eq: "a\u0000b"}}) { totalCount } }"#,
            #"{ clusters(where: {name: {contains: "\u0000"}}) { totalCount } }"#,
            #"{ clusters(asOf: "0000-01-01") { totalCount } }"#,
            #"{ clusters(asOf: "+202-01-01") { totalCount } }"#,
            #"{ clusters(asOf: "2025-+1-01") { totalCount } }"#,
            #"{ targetProgress(asOf: "0000-12-31") { recognized } }"#,
            "{ node(id: \"\(wrongKey)\") { id } }",
            "{ node(id: \"\(otherWrongKey)\") { id } }",
            #"{ clusters(where: {name: {like: "%\\"}}) { totalCount } }"#,
            #"{ enterprises(where: {name: {ilike: "\\"}}) { totalCount } }"#,
        ]
        for query in queries {
            let body = await service.run(query)
            #expect(!body.contains("INTERNAL_SERVER_ERROR"), "\(query) → \(body)")
            // NUL in a literal is refused at validation (ScalarLiteralRule), the others when planned.
            #expect(body.contains("BAD_USER_INPUT") || body.contains("GRAPHQL_VALIDATION_FAILED") || body.hasPrefix(#"{"data""#),
                    "\(query.replacingOccurrences(of: "\u{0}", with: "<NUL>")) → \(body.replacingOccurrences(of: "\u{0}", with: "<NUL>"))")
        }
        // A good date still answers.
        #expect(await service.run(#"{ clusters(asOf: "0001-01-01") { totalCount } }"#).hasPrefix(#"{"data""#))
    }
}

@Suite("Round trips")
struct RoundTripTests {
    @Test("a deep query and introspection mixed with data take exactly one database round trip each")
    func oneRoundTrip() async throws {
        let service = try await ServiceFixture.shared.isolatedService()
        let deep = """
            { prefectures(first: 10) { nodes { name clusters(first: 10) { nodes { name enterprises(first: 5) { nodes { name county { name }
              qualifications(first: 10) { nodes { kind level } } incidents { totalCount } } } supportMeasures(first: 10) { nodes { amountYuan fund { name } } } } } } } }
            """
        let start = await service.pool.checkoutCount
        let body = await service.run(deep)
        #expect(body.hasPrefix("{\"data\":{\"prefectures\""))
        #expect(await service.pool.checkoutCount == start + 1)

        let mixed = await service.run("{ __type(name: \"Cluster\") { name kind } funds { totalCount } __typename }")
        #expect(mixed == #"{"data":{"__type" : {"name":"Cluster","kind":"OBJECT"}, "funds" : {"totalCount" : 4}, "__typename" : "Query"}}"#)
        #expect(await service.pool.checkoutCount == start + 2)

        let introspectionOnly = await service.run("{ __schema { queryType { name } } }")
        #expect(introspectionOnly == #"{"data":{"__schema":{"queryType":{"name":"Query"}}}}"#)
        #expect(await service.pool.checkoutCount == start + 2)
    }
}

/// Documents and compiled operations are cached: a repeated request is neither re-validated nor recompiled.
@Suite("Caches")
struct CacheTests {
    @Test("the same request twice compiles once; other variables compile again")
    func compiledOnce() async throws {
        let service = try await ServiceFixture.shared.isolatedService()
        let query = "query($n: Int) { clusters(first: $n) { nodes { code } } }"
        let first = await service.run(query, variables: ["n": .number(Number(2))])
        #expect(service.compiledOperationHits == 0)
        let second = await service.run(query, variables: ["n": .number(Number(2))])
        #expect(second == first)
        #expect(service.compiledOperationHits == 1)
        let third = await service.run(query, variables: ["n": .number(Number(3))])
        #expect(third != first)
        #expect(service.compiledOperationHits == 1)
    }
}

/// Start-up refuses a schema and catalog that disagree, naming the field.
@Suite("Schema and catalog agreement")
struct SchemaCatalogAgreementTests {
    @Test("a schema field without a mapping stops start-up with its name")
    func unmappedField() async throws {
        let database = try await ServiceFixture.shared.seededDatabase()
        let pool = ConnectionPool(configuration: database, options: .init(size: 1, sessionSettings: QueryService.sessionSettings), logger: TestLogging.logger)
        defer { Task { await pool.shutdown() } }
        let source = try String(contentsOf: Repository.url("schema/schema.graphql"), encoding: .utf8)
            .replacingOccurrences(of: "type Cluster implements Node {", with: "type Cluster implements Node {\n  bogusField: Int")
            .replacingOccurrences(of: "type Query {", with: "type Query {\n  bogusRoot: Int")
        do {
            _ = try await ProjectDatabase.settingUp { try QueryService(schemaSource: source, catalog: .qunji, pool: pool, logger: TestLogging.logger) }
            Issue.record("a schema with unmapped fields was accepted")
        } catch let error as ServiceSetupError {
            #expect(error.description.contains("Cluster.bogusField has no mapping in the catalog"))
            #expect(error.description.contains("Query.bogusRoot has no mapping in the catalog"))
        }
    }
}
