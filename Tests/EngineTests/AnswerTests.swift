import Engine
import GraphQL
import Planner
import Testing

/// Whole JSON answers for the features of issue 3 §2, against the deterministic sample data (scale 1,
/// default seed). Expected texts are PostgreSQL's own JSON, byte for byte: key order is the selection
/// order, and numerics keep their stored digits.
@Suite("GraphQL answers")
struct AnswerTests {
    @Test("aliases")
    func aliases() async throws {
        let service = try await ServiceFixture.shared.service()
        let body = await service.run(#"""
            { a: clusters(first: 1) { nodes { code } } b: clusters(first: 2, offset: 1) { totalCount nodes { code } } __typename }
            """#)
        #expect(body == #"""
            {"data":{"a" : {"nodes" : [{"code" : "GZTS-520111-01"}]}, "b" : {"totalCount" : 53, "nodes" : [{"code" : "GZTS-520112-01"}, {"code" : "GZTS-520115-01"}]}, "__typename" : "Query"}}
            """#)
    }

    @Test("lookups")
    func lookups() async throws {
        let service = try await ServiceFixture.shared.service()
        let body = await service.run(#"""
            query($code: String!) { cluster(code: $code) { __typename id code name recordedStatus prefecture { name } applicantCounty { code name } industrialBase { code } } missing: cluster(code: "NOPE") { code } fund(code: "NEW_INDUSTRIALIZATION_FUND") { name sizeYuan establishedYear } }
            """#, variables: ["code": .string("GZTS-520382-01")])
        #expect(body == #"""
            {"data":{"cluster" : {"__typename" : "Cluster", "id" : "Q2x1c3Rlcjox", "code" : "GZTS-520382-01", "name" : "仁怀市酱香白酒产业集群", "recordedStatus" : "RECOGNIZED", "prefecture" : {"name" : "遵义市"}, "applicantCounty" : {"code" : "520382", "name" : "仁怀市"}, "industrialBase" : {"code" : "BAIJIU"}}, "missing" : null, "fund" : {"name" : "新型工业化基金", "sizeYuan" : 7000000000.00, "establishedYear" : 2021}}}
            """#)
    }

    @Test("fragments")
    func fragments() async throws {
        let service = try await ServiceFixture.shared.service()
        let body = await service.run(#"""
            query($id: ID!, $skip: Boolean!, $include: Boolean = true) { node(id: $id) { __typename id ... on Cluster { code recordedStatus @skip(if: $skip) leadingIndustry @include(if: $include) } ...NodeName } } fragment NodeName on Node { ... on County { name } ... on Cluster { nameEn } }
            """#, variables: ["id": .string("Q2x1c3Rlcjox"), "skip": .bool(true)])
        #expect(body == #"""
            {"data":{"node" : {"__typename" : "Cluster", "id" : "Q2x1c3Rlcjox", "code" : "GZTS-520382-01", "leadingIndustry" : "酱香白酒", "nameEn" : "Renhuai sauce-aroma baijiu cluster"}}}
            """#)
    }

    @Test("node types")
    func node_types() async throws {
        let service = try await ServiceFixture.shared.service()
        let body = await service.run(#"""
            { county: node(id: "Q291bnR5OjUyMDM4Mg") { __typename ... on County { name prefecture { code } } } indicator: node(id: "Q2x1c3RlckluZGljYXRvcjoxOjIwMjU") { __typename ... on ClusterIndicator { year cluster { code } } } bad: node(id: "!!!") { id } unknown: node(id: "Q2x1c3Rlcjo5OTk5") { id } }
            """#)
        #expect(body == #"""
            {"data":{"county" : {"__typename" : "County", "name" : "仁怀市", "prefecture" : {"code" : "520300"}}, "indicator" : {"__typename" : "ClusterIndicator", "year" : 2025, "cluster" : {"code" : "GZTS-520382-01"}}, "bad" : null, "unknown" : null}}
            """#)
    }

    @Test("nulls and empty")
    func nulls_and_empty() async throws {
        let service = try await ServiceFixture.shared.service()
        let body = await service.run(#"""
            { cluster(code: "GZTS-520382-01") { revocations { totalCount nodes { id } } industrialBase { code } } enterprises(first: 1, offset: 3250) { nodes { creditCode cluster { code } } } }
            """#)
        #expect(body == #"""
            {"data":{"cluster" : {"revocations" : {"totalCount" : 0, "nodes" : []}, "industrialBase" : {"code" : "BAIJIU"}}, "enterprises" : {"nodes" : [{"creditCode" : "X1520423LAR6HLEEXM", "cluster" : null}]}}}
            """#)
    }

    @Test("nested")
    func nested() async throws {
        let service = try await ServiceFixture.shared.service()
        let body = await service.run(#"""
            { prefecture(code: "520300") { name counties(first: 2) { totalCount nodes { code name } } clusters(first: 2) { totalCount nodes { code counties { nodes { outputShare county { code } } } } } } }
            """#)
        #expect(body == #"""
            {"data":{"prefecture" : {"name" : "遵义市", "counties" : {"totalCount" : 14, "nodes" : [{"code" : "520302", "name" : "红花岗区"}, {"code" : "520303", "name" : "汇川区"}]}, "clusters" : {"totalCount" : 10, "nodes" : [{"code" : "GZTS-520302-01", "counties" : {"nodes" : [{"outputShare" : 70.00, "county" : {"code" : "520302"}}, {"outputShare" : 30.00, "county" : {"code" : "520304"}}]}}, {"code" : "GZTS-520303-01", "counties" : {"nodes" : [{"outputShare" : 100.00, "county" : {"code" : "520303"}}]}}]}}}}
            """#)
    }
}
