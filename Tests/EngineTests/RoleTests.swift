import Catalog
import Engine
import Foundation
import GraphQL
import Planner
import Postgres
import TestSupport
import Testing

/// Roles see their own schema, and a region-limited principal only its region's enterprise rows (issue 6 §2).
@Suite("Roles and regions")
struct RoleTests {
    /// One service for the suite's tests: building four role schemas costs seconds of CPU.
    static let shared = Task { try await makeService() }

    static func service(introspection: Set<Role>? = nil) async throws -> QueryService {
        guard let introspection else { return try await shared.value }
        return try await makeService(introspection: introspection)
    }

    static func makeService(introspection: Set<Role> = Set(Role.allCases)) async throws -> QueryService {
        let database = try await ServiceFixture.shared.seededDatabase()
        let pool = ConnectionPool(configuration: database, options: .init(size: 2, sessionSettings: QueryService.sessionSettings),
                                  logger: TestLogging.logger)
        let schemas = try await TestSchemas.roles()
        // Seconds of CPU (four role schemas): off Swift's cooperative threads, as in LimitTests.
        return try await ProjectDatabase.settingUp {
            try QueryService(schemas: schemas, catalog: .qunji, pool: pool, logger: TestLogging.logger,
                             limits: .testing, introspection: introspection)
        }
    }

    static func run(_ service: QueryService, _ query: String, as principal: Principal, variables: [String: Map]? = nil) async -> String {
        switch await service.execute(QueryRequest(query: query, variables: variables, principal: principal)) {
        case .executed(let body, _): return String(decoding: body, as: UTF8.self)
        case .rejected(let errors): return "REJECTED " + GraphQLResponseError.jsonArray(errors)
        case .notAllowedOverGET: return "NOT ALLOWED OVER GET"
        case .unavailable(let errors): return "UNAVAILABLE " + GraphQLResponseError.jsonArray(errors)
        }
    }

    @Test("a hidden field or type is absent from introspection and a validation error, exactly as if it did not exist")
    func hiddenFields() async throws {
        let service = try await Self.service()
        let fields = "{ __type(name: \"Enterprise\") { fields { name } } incident: __type(name: \"Incident\") { name } }"
        let anonymous = await Self.run(service, fields, as: .anonymous)
        #expect(!anonymous.contains("creditCode") && !anonymous.contains("revenue") && anonymous.contains("\"foundedOn\""), "\(anonymous)")
        #expect(anonymous.contains(#""incident":null"#), "\(anonymous)")
        let analyst = await Self.run(service, fields, as: Principal(role: .analyst))
        #expect(analyst.contains("creditCode") && analyst.contains(#""incident":{"name":"Incident"}"#), "\(analyst)")

        let asked = await Self.run(service, "{ enterprises(first: 1) { nodes { creditCode } } }", as: .anonymous)
        // Issue 15 §4: the answer says a key may show it, as the explorer does, without telling the field's type.
        #expect(asked == #"REJECTED [{"message":"Cannot query field \"creditCode\" on type \"Enterprise\".","locations":[{"line":1,"column":35}],"extensions":{"code":"GRAPHQL_VALIDATION_FAILED","hint":"This field or type is not in the schema served to anonymous requests: it may need a key (an API key or token of a role that sees it)."}}]"#)
        // A typo gets no such hint; a hidden root field does; so does a field the analyst lacks and a fund manager has.
        let typo = await Self.run(service, "{ enterprises(first: 1) { nodes { creditCod } } }", as: .anonymous)
        #expect(typo.contains("GRAPHQL_VALIDATION_FAILED") && !typo.contains("hint"), "\(typo)")
        #expect(await Self.run(service, "{ incidents { totalCount } }", as: .anonymous).contains(#""hint":"#))
        let analystNote = await Self.run(service, "{ supportMeasures(first: 1) { nodes { note } } }", as: Principal(role: .analyst))
        #expect(analystNote.contains("served to the analyst role"), "\(analystNote)")
        let incidents = await Self.run(service, "{ incidents { totalCount } }", as: .anonymous)
        #expect(incidents.contains("Cannot query field \\\"incidents\\\" on type \\\"Query\\\""), "\(incidents)")
        // Hidden from filters and ordering too, not only from selections.
        let filtered = await Self.run(service, "{ enterprises(where: {revenue: {gt: \"0\"}}) { totalCount } }", as: .anonymous)
        #expect(filtered.contains("GRAPHQL_VALIDATION_FAILED"), "\(filtered)")
        let lookup = await Self.run(service, "{ enterprise(creditCode: \"x\") { name } }", as: .anonymous)
        #expect(lookup.contains("GRAPHQL_VALIDATION_FAILED"), "\(lookup)")
        // Support measure details: fund managers only.
        let note = "{ supportMeasures(first: 1) { nodes { title note } } }"
        #expect(await Self.run(service, note, as: Principal(role: .analyst)).contains("GRAPHQL_VALIDATION_FAILED"))
        #expect(await Self.run(service, note, as: Principal(role: .fundManager)).hasPrefix(#"{"data""#))
        #expect(await Self.run(service, note, as: .anonymous).contains("Cannot query field \\\"supportMeasures\\\""))
        // The same text, valid for one role, is not served to another from a cache.
        let credit = "{ enterprises(first: 1) { nodes { creditCode } } }"
        #expect(await Self.run(service, credit, as: Principal(role: .admin)).hasPrefix(#"{"data""#))
        #expect(await Self.run(service, credit, as: .anonymous).hasPrefix("REJECTED"))
    }

    @Test("node(id:) finds nothing of a type the role cannot see")
    func nodeOfHiddenType() async throws {
        let service = try await Self.service()
        let admin = await Self.run(service, "{ incidents(first: 1) { nodes { id } } }", as: Principal(role: .admin))
        let id = try #require(admin.components(separatedBy: "\"id\" : \"").dropFirst().first?.split(separator: "\"").first)
        #expect(await Self.run(service, "{ node(id: \"\(id)\") { id __typename } }", as: Principal(role: .analyst))
                .contains(#""__typename" : "Incident""#))
        #expect(await Self.run(service, "{ node(id: \"\(id)\") { id __typename } }", as: .anonymous) == #"{"data":{"node" : null}}"#)
    }

    @Test("a principal limited to a prefecture reads only its enterprises, titles and incidents, in every list, lookup and filter")
    func regionRows() async throws {
        let service = try await Self.service()
        let database = try await ServiceFixture.shared.seededDatabase()
        let expected = try await ProjectDatabase.withConnection(database) { connection in
            (
                try connection.query("SELECT count(*) FROM enterprise e JOIN county k ON k.code = e.county_code WHERE k.prefecture_code = '520300'").scalar,
                try connection.query("SELECT count(*) FROM qualification q JOIN enterprise e ON e.id = q.enterprise_id JOIN county k ON k.code = e.county_code WHERE k.prefecture_code = '520300'").scalar,
                try connection.query("SELECT e.credit_code FROM enterprise e JOIN county k ON k.code = e.county_code WHERE k.prefecture_code <> '520300' ORDER BY e.id LIMIT 1").scalar,
                try connection.query("SELECT count(*) FROM enterprise e WHERE e.cluster_id IS NOT NULL").scalar
            )
        }
        let zunyi = Principal(role: .analyst, region: "520300")
        let counts = await Self.run(service, "{ enterprises { totalCount aggregate { count } } qualifications { totalCount } }", as: zunyi)
        #expect(counts == #"{"data":{"enterprises" : {"totalCount" : \#(expected.0 ?? "?"), "aggregate" : {"count" : \#(expected.0 ?? "?")}}, "qualifications" : {"totalCount" : \#(expected.1 ?? "?")}}}"#)
        // Another prefecture's enterprise does not exist for this principal, looked up or nested.
        let other = expected.2 ?? ""
        #expect(await Self.run(service, "{ enterprise(creditCode: \"\(other)\") { name } }", as: zunyi) == #"{"data":{"enterprise" : null}}"#)
        let nested = await Self.run(service, """
            { prefectures(where: {code: {ne: "520300"}}) { nodes { clusters(first: 100) { nodes { enterprises(first: 1) { totalCount } } } } } }
            """, as: zunyi)
        #expect(!nested.contains(#""totalCount" : 1"#) && nested.contains(#""totalCount" : 0"#), "\(nested.prefix(300))")
        // Filters cannot probe other regions: no cluster outside Zunyi has a visible enterprise.
        let probe = await Self.run(service, """
            { clusters(where: {enterprises: {some: {}}, prefecture: {code: {ne: "520300"}}}) { totalCount } }
            """, as: zunyi)
        #expect(probe == #"{"data":{"clusters" : {"totalCount" : 0}}}"#)
        let groups = await Self.run(service, "{ enterpriseGroups(groupBy: [PREFECTURE]) { key { prefecture { code } } count } }", as: zunyi)
        #expect(groups == #"{"data":{"enterpriseGroups" : [{"key" : {"prefecture" : {"code" : "520300"}}, "count" : \#(expected.0 ?? "?")}]}}"#)
        // The dashboard's distribution is a province-level figure (docs/access.md): a region-limited analyst sees
        // the same counts as anonymous, all prefectures' enterprises in clusters.
        let distributionQuery = "{ distribution(dimension: INDUSTRIAL_BASE) { enterpriseCount } }"
        let distribution = await Self.run(service, distributionQuery, as: zunyi)
        let bucketCounts = distribution.matches(of: /"enterpriseCount" : (\d+)/).compactMap { Int($0.output.1) }
        #expect(bucketCounts.count == 7 && String(bucketCounts.reduce(0, +)) == expected.3, "\(distribution.prefix(300))")
        #expect(distribution == (await Self.run(service, distributionQuery, as: .anonymous)))
        // Texts built from every prefecture's enterprise records (a revocation risk's evidence names enterprises)
        // are withheld from a region-limited principal, and cannot be filtered on; an unlimited analyst reads them.
        let evidenceQuery = "{ clusters(first: 100) { nodes { revocationRisks(asOf: \"2026-11-15\") { evidence evidenceEn } } } }"
        let withheld = await Self.run(service, evidenceQuery, as: zunyi)
        let texts = withheld.matches(of: /"evidence(?:En)?" : "([^"]*)"/).map { String($0.output.1) }
        #expect(!texts.isEmpty && texts.allSatisfy { $0.hasPrefix("Withheld:") && $0.contains("520300") }, "\(withheld.prefix(400))")
        let unlimited = await Self.run(service, evidenceQuery, as: Principal(role: .analyst))
        let realTexts = unlimited.matches(of: /"evidence" : "([^"]*)"/).map { String($0.output.1) }
        #expect(realTexts.count * 2 == texts.count && !realTexts.contains { $0.hasPrefix("Withheld:") }, "\(unlimited.prefix(400))")
        for field in ["evidence", "evidenceEn"] {
            let lookup = await Self.run(service, """
                { clusters(where: {revocationRisks: {some: {\(field): {contains: "a"}}}}) { totalCount } }
                """, as: zunyi)
            #expect(lookup.contains("BAD_USER_INPUT") && lookup.contains("withheld"), "\(lookup)")
        }
        // Rows computed by a rule function are limited too: another prefecture's incidents do not show through
        // eligibility.
        let incidents = "{ clusters(first: 100, where: {prefecture: {code: {ne: \"520300\"}}}) { nodes { eligibility(year: 2026, asOf: \"2026-11-15\") { disqualifyingIncidents { occurredOn } } } } }"
        let province = await Self.run(service, incidents, as: Principal(role: .analyst))
        #expect(province.contains("occurredOn"), "the sample data has incidents outside Zunyi: \(province.prefix(200))")
        #expect(!(await Self.run(service, incidents, as: zunyi)).contains("occurredOn"))
        // Without a region, the province.
        let all = await Self.run(service, "{ enterprises { totalCount } }", as: Principal(role: .analyst))
        #expect(all != #"{"data":{"enterprises" : {"totalCount" : \#(expected.0 ?? "?")}}}"#)
    }

    @Test("introspection can be turned off per role; __typename still answers")
    func introspectionOff() async throws {
        let service = try await Self.service(introspection: [.analyst, .fundManager, .admin])
        defer { Task { await service.pool.shutdown() } }
        let body = await Self.run(service, "{ __schema { queryType { name } } }", as: .anonymous)
        #expect(body == #"REJECTED [{"message":"Introspection is turned off for the role anonymous.","extensions":{"code":"INTROSPECTION_DISABLED"}}]"#)
        let typename = await Self.run(service, "{ __typename }", as: .anonymous)
        #expect(typename == #"{"data":{"__typename" : "Query"}}"#, "\(typename)")
        #expect(await Self.run(service, "{ __type(name: \"Query\") { name } }", as: Principal(role: .analyst)).hasPrefix(#"{"data""#))
    }
}

/// Every text a region-limited principal reads outside its region is one the public may read too (issue 16 §5).
@Suite("Region limits on texts")
struct RegionTextTests {
    @Test("every text field hidden from anonymous lies on rows limited by region, or is withheld from region-limited principals")
    func hiddenTextsAreRegionSafe() throws {
        let data = try Data(contentsOf: Repository.url("schema/roles.json"))
        let roles = try #require((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["roles"] as? [String: Any])
        let anonymous = try #require(roles["anonymous"] as? [String: Any])
        let hiddenFields = try #require(anonymous["hiddenFields"] as? [String])
        let hiddenTypes = Set(try #require(anonymous["hiddenTypes"] as? [String]))
        var checked = 0
        for entity in Catalog.qunji.entities.values {
            for (name, field) in entity.fields {
                guard case .value(let value) = field, value.kind == .string else { continue }
                let hidden = hiddenTypes.contains(entity.typeName) || hiddenFields.contains("\(entity.typeName).\(name)")
                guard hidden, entity.regionCondition == nil else { continue }
                checked += 1
                // A text the public cannot read, on rows a region does not limit: withheld, or about the cluster
                // itself (support measures, monitoring visits and misconduct findings are cluster-level records,
                // hidden from the public as administration; the region limit covers enterprise-level rows), or about
                // the data itself (who loaded an import: an account name, no region's records).
                let clusterLevel = ["SupportMeasure", "MonitoringCheck", "MisconductFinding", "DataSet"].contains(entity.typeName)
                #expect(value.provinceWideText || clusterLevel, "\(entity.typeName).\(name) may show other prefectures' enterprises to a region-limited key")
            }
        }
        #expect(checked >= 2, "the evidence fields were among those checked")
    }
}

/// The SQL an answer was computed with, for those who write queries (the explorer's SQL pane).
@Suite("SQL in answers")
struct ExplainExtensionTests {
    @Test("extensions.explain returns the statement to every role with credentials (also region-limited), with its parameters written in; never to anonymous")
    func sqlForRoles() async throws {
        let service = try await RoleTests.service()
        let query = #"{ prefecture(code: "520300") { name } }"#
        let principals = Role.allCases.map { Principal(role: $0) } + [Principal(role: .analyst, region: "520300")]
        for principal in principals {
            let role = principal.role
            let request = QueryRequest(query: query, extensions: ["explain": .bool(true)], principal: principal)
            guard case .executed(let bytes, _) = await service.execute(request) else {
                Issue.record("\(role) did not execute")
                continue
            }
            let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
            #expect((object["data"] as? [String: Any]) != nil)
            let sql = (object["extensions"] as? [String: Any])?["sql"] as? String
            if role != .anonymous {
                #expect(role.maySeeSQL)
                #expect(sql?.hasPrefix("SELECT (json_build_object('prefecture'") == true, "\(role): \(String(describing: sql))")
                #expect(sql?.contains("'520300'") == true, "parameters written in")
                let extensions = object["extensions"] as? [String: Any]
                #expect((extensions?["statement"] as? String)?.contains("$1") == true, "the statement as it ran, placeholders unfilled")
                #expect((extensions?["parameters"] as? [Any])?.contains { $0 as? String == "520300" } == true, "with its bound values")
                #expect(((object["extensions"] as? [String: Any])?["planId"] as? String)?.hasPrefix("q_") == true)
            } else {
                #expect(object["extensions"] == nil, "\(role) must not see SQL")
            }
        }
        // Without asking, nobody gets it.
        guard case .executed(let plain, _) = await service.execute(QueryRequest(query: query, principal: Principal(role: .admin))) else {
            Issue.record("did not execute")
            return
        }
        #expect(!String(decoding: plain, as: UTF8.self).contains("extensions"))
    }
}
