import Engine
import Foundation
import GraphQL
import Planner
import TestSupport
import Testing

/// Group-by answers equal PostgreSQL's GROUP BY over the same rows, with having, ordering and limits.
@Suite("Group-by")
struct GroupTests {
    private func rows(_ body: String, _ field: String) throws -> [[String: Any]] {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any], "\(body)")
        return try #require((json["data"] as? [String: Any])?[field] as? [[String: Any]], "\(body)")
    }

    @Test("support per fund and year: count and exact sums as SQL computes them, in key order")
    func supportByFundAndYear() async throws {
        let service = try await ServiceFixture.shared.service()
        let database = try await ServiceFixture.shared.seededDatabase()
        let body = await service.run("""
            { supportMeasureGroups(groupBy: [FUND, YEAR], where: {kind: {ne: SERVICE}}) { key { fund { code } year } count sum { amountYuan } } }
            """)
        // The sums as the answer's text has them: through a Double they would be compared after rounding.
        let sums = body.matches(of: /"amountYuan" ?: ?("?[0-9.]+"?|null)/).map { String($0.output.1).replacing("\"", with: "") }
        let groups = try rows(body, "supportMeasureGroups")
        #expect(sums.count == groups.count, "one sum per group")
        let got = zip(groups, sums).map { group, sum -> String in
            let key = group["key"] as? [String: Any] ?? [:]
            let fund = (key["fund"] as? [String: Any])?["code"] as? String ?? "null"
            return "\(fund)|\(key["year"] ?? "")|\(group["count"] ?? "")|\(sum)"
        }
        let expected = try await ProjectDatabase.withConnection(database) { connection in
            let result = try connection.query("""
                SELECT coalesce(fund_code, 'null') || '|' || year || '|' || count(*) || '|' || sum(amount_yuan)::numeric(20,2)
                FROM support_measure WHERE kind_code <> 'SERVICE' GROUP BY fund_code, year ORDER BY fund_code NULLS LAST, year
                """)
            return (0..<result.count).compactMap { result[$0, 0] }
        }
        #expect(!expected.isEmpty)
        #expect(got == expected)
    }

    @Test("having, orderBy on an aggregate, first, and keys that are not grouped are null")
    func havingAndOrder() async throws {
        let service = try await ServiceFixture.shared.service()
        let body = await service.run("""
            { clusterGroups(groupBy: [PREFECTURE], having: {count: {gte: 6}}, orderBy: [{count: DESC}], first: 2) {
                key { prefecture { name } county { code } } count } }
            """)
        #expect(body == #"{"data":{"clusterGroups" : [{"key" : {"prefecture" : {"name" : "遵义市"}, "county" : null}, "count" : 10}, {"key" : {"prefecture" : {"name" : "黔东南苗族侗族自治州"}, "county" : null}, "count" : 7}]}}"#)
        let tooMany = await service.run("{ clusterGroups(groupBy: [STATUS], first: 1001) { count } }")
        #expect(tooMany.contains("the maximum number of groups") && tooMany.contains("BAD_USER_INPUT"), "\(tooMany)")
        let twice = await service.run("{ clusterGroups(groupBy: [STATUS, STATUS]) { count } }")
        #expect(twice.contains("each at most once"), "\(twice)")
    }

    @Test("the analyst's question in one query: recognised Zunyi clusters with ≥ 2 little giants and > 5 million yuan since 2023, by county",
          arguments: ["NEW_INDUSTRIALIZATION_FUND", nil] as [String?])
    func analystQuestion(fund: String?) async throws {
        let service = try await ServiceFixture.shared.service()
        let database = try await ServiceFixture.shared.seededDatabase()
        let fundFilter = fund.map { "fund: {code: {eq: \"\($0)\"}}, " } ?? ""
        let body = await service.run("""
            { supportMeasureGroups(groupBy: [COUNTY, CLUSTER],
                where: {\(fundFilter)year: {gte: 2023},
                        cluster: {recordedStatus: {eq: RECOGNIZED}, applicantCounty: {prefecture: {code: {eq: "520300"}}},
                                  enterprises: {count: {gte: 2}, where: {qualifications: {some: {kind: {eq: LITTLE_GIANT}}}}}}},
                having: {sum: {amountYuan: {gt: "5000000"}}}) {
                key { county { name } cluster { code } } sum { amountYuan } } }
            """)
        let got = try rows(body, "supportMeasureGroups").compactMap {
            (($0["key"] as? [String: Any])?["cluster"] as? [String: Any])?["code"] as? String
        }
        let sqlFund = fund.map { "m.fund_code = '\($0)' AND " } ?? ""
        let expected = try await ProjectDatabase.withConnection(database) { connection in
            let result = try connection.query("""
                SELECT c.code FROM support_measure m JOIN cluster c ON c.id = m.cluster_id JOIN county k ON k.code = c.applicant_county_code
                WHERE \(sqlFund)m.year >= 2023 AND c.status_code = 'RECOGNIZED' AND k.prefecture_code = '520300'
                  AND (SELECT count(*) FROM enterprise e WHERE e.cluster_id = c.id AND EXISTS (SELECT 1 FROM qualification q
                       WHERE q.enterprise_id = e.id AND q.kind_code = 'LITTLE_GIANT')) >= 2
                GROUP BY c.applicant_county_code, c.id, c.code HAVING sum(m.amount_yuan) > 5000000 ORDER BY c.applicant_county_code, c.id
                """)
            return (0..<result.count).compactMap { result[$0, 0] }
        }
        // The sample data has no such cluster for the new industrialisation fund; across all funds it has some.
        if fund == nil { #expect(!expected.isEmpty) }
        #expect(got == expected, "\(body)")
    }

    /// Qiannan has the largest code; of its six clusters three are recognised or expired, and by name
    /// descending (code-point order: 龙 > 都 > 福) the first two are Longli–Guiding and Duyun.
    @Test("composes: a filtered, ordered, paginated connection inside a group key inside one statement")
    func composition() async throws {
        let service = try await ServiceFixture.shared.isolatedService()
        let start = await service.pool.checkoutCount
        let body = await service.run("""
            { clusterGroups(groupBy: [PREFECTURE], orderBy: [{key: {prefecture: DESC}}], first: 1) {
                key { prefecture { name clusters(first: 2, where: {recordedStatus: {in: [RECOGNIZED, EXPIRED]}}, orderBy: [{name: DESC}]) {
                  totalCount nodes { name } aggregate { count } } } } count } }
            """)
        #expect(body == #"{"data":{"clusterGroups" : [{"key" : {"prefecture" : {"name" : "黔南布依族苗族自治州", "clusters" : {"totalCount" : 3, "nodes" : [{"name" : "龙里—贵定刺梨精深加工产业集群"}, {"name" : "都匀市都匀毛尖茶产业集群"}], "aggregate" : {"count" : 3}}}}, "count" : 6}]}}"#)
        #expect(await service.pool.checkoutCount == start + 1)
    }
}
