import Catalog
import Foundation
import GraphQL
@testable import Planner
import TestSupport
import Testing

/// Golden files of the SQL the compiler emits, so a reviewer sees the one statement each operation
/// becomes (and any change to it shows in the diff): every builder — each filter operator, to-one and
/// to-many filters, ordering, cursors both ways, aggregates, each group dimension, distribution by each
/// dimension, target progress, each rule field, support totals. No database is needed. Regenerate with
/// `scripts/update-golden` and review the diff.
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
        ("filter_string_operators",
         "{ clusters(where: {code: {eq: \"A\", ne: \"B\", in: [\"C\"], notIn: [\"D\"], lt: \"E\", lte: \"F\", gt: \"G\", gte: \"H\"}}) { totalCount } }", [:]),
        ("filter_string_patterns",
         "{ clusters(where: {name: {like: \"%x%\", ilike: \"%Y%\", startsWith: \"贵\", contains: \"集群\", istartsWith: \"gu\", icontains: \"zhou\"}}) { totalCount } }", [:]),
        ("filter_is_null",
         "{ clusters(where: {operatingBody: {isNull: true}, nameEn: {isNull: false}}) { totalCount } }", [:]),
        ("filter_int_and_date",
         "{ clusters(where: {daysUntilExpiry: {gte: 0, lt: 90}, validUntil: {lte: \"2026-12-31\"}}) { totalCount } }", [:]),
        ("filter_and_or_not",
         "{ clusters(where: {or: [{code: {eq: \"A\"}}, {and: [{name: {eq: \"B\"}}, {not: {code: {eq: \"C\"}}}]}], and: [], not: {isSample: {eq: false}}}) { totalCount } }", [:]),
        ("filter_empty_lists",
         "{ clusters(where: {and: [], or: [], code: {in: []}}) { totalCount } }", [:]),
        ("filter_to_one",
         "{ clusters(where: {prefecture: {code: {eq: \"520300\"}}}) { totalCount } }", [:]),
        ("filter_own_columns_total_and_page",
         "{ enterprises(first: 3, where: {employees: {gt: 100}}) { totalCount nodes { name } } }", [:]),
        ("filter_total_and_page",
         "{ enterprises(first: 3, where: {qualifications: {some: {kind: {eq: LITTLE_GIANT}}}}, orderBy: [{name: ASC}]) { totalCount nodes { name } pageInfo { hasNextPage endCursor } } }", [:]),
        ("filter_to_many_some_every_none",
         "{ clusters(where: {enterprises: {some: {name: {contains: \"A\"}}, every: {creditCode: {isNull: false}}, none: {name: {eq: \"B\"}}}}) { totalCount } }", [:]),
        ("filter_to_many_count",
         "{ clusters(where: {enterprises: {count: {gt: 10}, where: {name: {contains: \"A\"}}}}) { totalCount } }", [:]),
        ("filter_rule_count",
         "{ clusters(where: {revocationRiskCount: {gt: 0}}) { nodes { code } } }", [:]),
        ("filter_rule_rows",
         "{ clusters(where: {revocationRisks: {some: {ground: {eq: REPORTING_FAILURE}}, asOf: \"2025-06-30\"}}) { nodes { code } } }", [:]),
        ("filter_status_as_of",
         "{ clusters(asOf: \"2024-01-01\", where: {status: {eq: RECOGNIZED}}) { nodes { code status } } }", [:]),
        ("filter_from_variables",
         "query($w: ClusterFilter) { clusters(where: $w) { totalCount } }",
         ["w": .dictionary(["code": .dictionary(["in": .array([.string("A"), .string("B")])])])]),
        ("order_columns_and_nulls",
         "{ clusters(orderBy: [{validUntil: DESC_NULLS_LAST}, {name: ASC_NULLS_FIRST}]) { nodes { code } } }", [:]),
        ("order_related_column",
         "{ clusters(orderBy: [{prefecture: {name: DESC}}]) { nodes { code } } }", [:]),
        ("order_rule_count",
         "{ clusters(orderBy: [{revocationRiskCount: DESC}]) { nodes { code } } }", [:]),
        ("cursor_forward",
         "{ clusters(first: 2, after: \"WyJjMS4xMWNjdDlzanlvaG5kIiwgIkdaVFMtNTIwMTExLTAxIiwgIjMwIl0\") { edges { cursor node { code } } pageInfo { hasNextPage hasPreviousPage endCursor } } }", [:]),
        ("cursor_backward",
         "{ clusters(last: 2, before: \"WyJjMS4xMWNjdDlzanlvaG5kIiwgIkdaVFMtNTIwMTExLTAxIiwgIjMwIl0\") { edges { cursor node { code } } pageInfo { hasNextPage hasPreviousPage startCursor } } }", [:]),
        ("cursor_with_order",
         "{ enterprises(first: 1, orderBy: [{foundedOn: DESC_NULLS_LAST}], after: \"WyJjMS50NGlwZXhxYXg1eWkiLCAiMjAyMy0xMi0yOCIsICI3NDA5Il0\") { nodes { name foundedOn } } }", [:]),
        ("page_with_offset",
         "{ enterprises(first: 5, offset: 10) { nodes { name } pageInfo { hasNextPage hasPreviousPage } } }", [:]),
        ("aggregate_all_functions",
         "{ clusterIndicators(where: {year: {eq: 2024}}) { aggregate { count sum { outputValue } avg { outputValue } min { year } max { year } } } }", [:]),
        ("aggregate_typename_only",
         "{ clusters { aggregate { __typename } } }", [:]),
        ("groups_cluster_prefecture_county",
         "{ clusterGroups(groupBy: [PREFECTURE, COUNTY]) { key { prefecture { name } county { name } } count } }", [:]),
        ("groups_cluster_base_industry",
         "{ clusterGroups(groupBy: [INDUSTRIAL_BASE, LEADING_INDUSTRY]) { key { industrialBase { code } leadingIndustry } count } }", [:]),
        ("groups_cluster_status_ground",
         "{ clusterGroups(groupBy: [STATUS, REVOCATION_GROUND], asOf: \"2025-06-30\") { key { status revocationGround } count } }", [:]),
        ("groups_enterprise_dimensions",
         "{ enterpriseGroups(groupBy: [PREFECTURE, COUNTY, CLUSTER, SIZE]) { key { size cluster { code } } count } }", [:]),
        ("groups_enterprise_title_kind",
         "{ enterpriseGroups(groupBy: [QUALIFICATION_KIND], asOf: \"2025-06-30\") { key { qualificationKind } count } }", [:]),
        ("groups_support_dimensions",
         "{ supportMeasureGroups(groupBy: [YEAR, FUND, DIRECTION, KIND, GRANTING_LEVEL, CLUSTER, PREFECTURE, COUNTY]) { count sum { amountYuan } } }", [:]),
        ("groups_indicator_having_order",
         "{ indicatorGroups(groupBy: [YEAR, PREFECTURE, INDUSTRIAL_BASE], having: {count: {gt: 1}}, orderBy: [{count: DESC}], first: 10) { key { year } count avg { outputValue } } }", [:]),
        ("distribution_prefecture",
         "{ distribution(dimension: PREFECTURE, asOf: \"2025-06-30\") { key label clusterCount enterpriseCount littleGiantCount supportTotal latestOutputValue } }", [:]),
        ("distribution_county",
         "{ distribution(dimension: COUNTY) { key county { name } clusterCount clustersByStatus { status count } } }", [:]),
        ("distribution_base",
         "{ distribution(dimension: INDUSTRIAL_BASE) { key industrialBase { name } clusterCount singleItemChampionCount specializedSmeCount } }", [:]),
        ("distribution_industry_filtered",
         "{ distribution(dimension: LEADING_INDUSTRY, where: {prefecture: {code: {eq: \"520300\"}}}) { key clusterCount } }", [:]),
        ("distribution_status",
         "{ distribution(dimension: STATUS, asOf: \"2024-06-30\") { key clusterCount } }", [:]),
        ("target_progress",
         "{ targetProgress(asOf: \"2025-06-30\") { plan { code } target recognized stillValid shareOfTarget asOf byYear { year recognized } byPrefecture { prefecture { name } recognized stillValid } } }", [:]),
        ("rule_eligibility",
         "{ cluster(code: \"GZTS-520382-01\") { eligibility(standard: \"MIIT-2022\", year: 2024) { eligible conditionsMet conditions { item outcome figures { value } } disqualifyingIncidents { occurredOn } } } }", [:]),
        ("rule_revocation_risks",
         "{ cluster(code: \"GZTS-520382-01\") { revocationRisks(asOf: \"2025-06-30\") { ground since evidence } revocationRiskCount } }", [:]),
        ("rule_reporting_compliance",
         "{ cluster(code: \"GZTS-520382-01\") { reportingCompliance { year status daysLate } status validUntil daysUntilExpiry reviewDue } }", [:]),
        ("support_totals",
         "{ funds(first: 2) { nodes { supportByYear { key amount } supportByDirection { key amount } supportByPrefecture { key amount } supportByCluster { key amount } } } }", [:]),
        ("lookup_by_global_id",
         "query($id: ID!) { cluster(id: $id) { code } }", ["id": .string(GlobalID.encode(typeName: "Cluster", key: ["7"]))]),
    ]

    /// Built once for all cases: the full SDL takes a good part of a second to build in a debug build, and 45 builds
    /// on Swift's cooperative threads starved the HTTP servers other suites run in the same process.
    static let schema = Result { try buildSchema(source: String(contentsOf: Repository.url("schema/schema.graphql"), encoding: .utf8)) }

    @Test("generated SQL matches the golden files", arguments: cases.map(\.name))
    func golden(name: String) throws {
        guard let testCase = Self.cases.first(where: { $0.name == name }) else { return }
        let schema = try Self.schema.get()
        // The SQL, not the limits, is under test here (LimitTests and ScanCostTests hold the limits).
        var limits = QueryCompiler.PageLimits()
        limits.maximumCost = Int.max
        let compiler = QueryCompiler(catalog: .qunji, schema: schema, limits: limits)
        let document = try GraphQL.parse(source: Source(body: testCase.query, name: name))
        let problems = GraphQL.validate(schema: schema, ast: document)
        #expect(problems.isEmpty, "\(name) is not a valid operation: \(problems.map(\.message))")
        let compiled = try compiler.compile(document: document, operationName: nil, variables: testCase.variables)
        // Each value, and where the plan reads it from for later requests of its shape (none: fixed in the plan).
        let parameters = zip(compiled.plan.parameters, compiled.parameters).map { parameter, value in
            let text = value.map { "'\($0)'" } ?? "NULL"
            guard case .input(let origin, _, _) = parameter else { return text }
            switch origin {
            case .literal(let index): return text + " (literal \(index))"
            case .variable(let name, let path):
                return text + " ($" + ([name] + path.map { step in
                    switch step {
                    case .key(let key): return key
                    case .index(let index): return String(index)
                    }
                }).joined(separator: ".") + ")"
            }
        }
        // How PostgreSQL is asked to plan it: once for every request (generic), for each request's values (per
        // execution), or as it chooses (automatic).
        let planning = switch compiled.plan.planCacheMode {
        case .generic: "generic"
        case .perExecution: "per execution"
        case .automatic: "automatic"
        }
        let text = "-- \(testCase.query)\n\(compiled.plan.sql);\n-- parameters: " + parameters.joined(separator: ", ")
            + "\n-- plan cache mode: " + planning + "\n"
        let file = Repository.url("Tests/PlannerTests/Golden/\(name).sql")
        if ProcessInfo.processInfo.environment["QUNJI_UPDATE_GOLDEN"] == "1" {
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOf: file, encoding: .utf8)
        #expect(text == golden, "the SQL for \(name) changed; regenerate with QUNJI_UPDATE_GOLDEN=1 and review the diff")
    }
}
