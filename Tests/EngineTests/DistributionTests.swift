import Catalog
import Engine
import Foundation
import GraphQL
import Planner
import Postgres
import TestSupport
import Testing

/// `distribution` against figures worked out by hand on the small programme of `TargetProgressTests`,
/// with enterprises, titles, indicators and support added.
@Suite("Distribution")
struct DistributionTests {
    static let holdings = """
        BEGIN;
        INSERT INTO enterprise (id, credit_code, name, county_code, cluster_id, size_code, founded_on) VALUES
          (1, '9152038200000001XG', 'E1', '520382', 1, 'SMALL', '2010-01-01'),
          (2, '9152038200000002XH', 'E2', '520382', 1, 'SMALL', '2010-01-01'),
          (3, '9152011100000003XD', 'E3', '520111', 2, 'MEDIUM', '2010-01-01');
        INSERT INTO qualification (enterprise_id, kind_code, level_code, granted_on, expires_on) VALUES
          (1, 'LITTLE_GIANT', 'NATIONAL', '2023-07-01', '2099-07-01'),
          (2, 'SPECIALIZED_SME', 'PROVINCIAL', '2017-01-01', '2020-01-01'),
          (3, 'SINGLE_ITEM_CHAMPION', 'NATIONAL', '2023-11-01', '2099-11-01');
        INSERT INTO cluster_indicator (cluster_id, year, output_value, sme_output_value, leading_industry_output_value,
                                       enterprise_count, sme_count) VALUES
          (1, 2024, 100.00, 80.00, 90.00, 2, 2), (1, 2025, 200.00, 150.00, 180.00, 2, 2), (2, 2025, 50.00, 40.00, 45.00, 1, 1);
        INSERT INTO support_measure (cluster_id, fund_code, provider, granting_level_code, kind_code, direction_code,
                                     amount_yuan, year, title) VALUES
          (1, 'SME_DEVELOPMENT_FUND', NULL, 'PROVINCIAL', 'GRANT', 'DIGITAL', 1000.00, 2024, 'g'),
          (1, 'BANK_CREDIT', '银行', 'FINANCIAL_INSTITUTION', 'LOAN', 'LEADING_INDUSTRY', 500.00, 2025, 'l'),
          (2, NULL, '平台', 'SERVICE_BODY', 'SERVICE', 'GOVERNANCE', NULL, 2025, 's'),
          (4, NULL, '县工信局', 'COUNTY', 'GRANT', 'GREEN', 300.00, 2025, 'c');
        COMMIT;
        """

    static let selection = """
        key label prefecture { code } clusterCount clustersByStatus { status count } enterpriseCount littleGiantCount
        singleItemChampionCount specializedSmeCount latestOutputValue supportTotal supportByFund { fund { code } amount }
        """

    @Test("by prefecture: all nine listed, figures per bucket, and where narrows the clusters")
    func byPrefecture() async throws {
        let database = try await ProjectDatabase.migrated("distribution")
        try await ProjectDatabase.withConnection(database) { connection in
            try connection.execute(TargetProgressTests.programme)
            try connection.execute(Self.holdings)
        }
        let pool = ConnectionPool(configuration: database, options: .init(size: 1, sessionSettings: QueryService.sessionSettings), logger: TestLogging.logger)
        defer { Task { await pool.shutdown() } }
        let source = try String(contentsOf: Repository.url("schema/schema.graphql"), encoding: .utf8)
        let service = try await ProjectDatabase.settingUp { try QueryService(schemaSource: source, catalog: .qunji, pool: pool, logger: TestLogging.logger, limits: .testing) }

        // On 2025-12-31 the year 2025 is not over: the latest output is each cluster's 2024 figure (C1: 100.00; C2 has
        // none before 2025, so Guiyang's is null). Measures with only a year count from its last day, so 2025's count.
        let body = await service.run("{ distribution(dimension: PREFECTURE, asOf: \"2025-12-31\") { \(Self.selection) } }")
        let buckets = try Self.buckets(body)
        #expect(buckets.map { $0["key"] as? String } == ["520100", "520200", "520300", "520400", "520500", "520600", "522300", "522600", "522700"])
        #expect(body.contains(#"{"key" : "520100", "label" : "贵阳市", "prefecture" : {"code" : "520100"}, "clusterCount" : 1, "clustersByStatus" : [{"status" : "REVOKED", "count" : 1}], "enterpriseCount" : 1, "littleGiantCount" : 0, "singleItemChampionCount" : 1, "specializedSmeCount" : 0, "latestOutputValue" : null, "supportTotal" : null, "supportByFund" : []}"#), "\(body)")
        #expect(body.contains(#"{"key" : "520300", "label" : "遵义市", "prefecture" : {"code" : "520300"}, "clusterCount" : 3, "clustersByStatus" : [{"status" : "RECOGNIZED", "count" : 2}, {"status" : "EXPIRED", "count" : 1}], "enterpriseCount" : 2, "littleGiantCount" : 1, "singleItemChampionCount" : 0, "specializedSmeCount" : 0, "latestOutputValue" : 100.00, "supportTotal" : 1800.00, "supportByFund" : [{"fund" : {"code" : "BANK_CREDIT"}, "amount" : 500.00}, {"fund" : {"code" : "SME_DEVELOPMENT_FUND"}, "amount" : 1000.00}]}"#), "\(body)")
        #expect(body.contains(#"{"key" : "520200", "label" : "六盘水市", "prefecture" : {"code" : "520200"}, "clusterCount" : 0, "clustersByStatus" : [], "enterpriseCount" : 0, "littleGiantCount" : 0, "singleItemChampionCount" : 0, "specializedSmeCount" : 0, "latestOutputValue" : null, "supportTotal" : null, "supportByFund" : []}"#), "\(body)")

        let recognised = await service.run("{ distribution(dimension: PREFECTURE, asOf: \"2025-12-31\", where: {status: {eq: RECOGNIZED}}) { key clusterCount supportTotal } }")
        let counts = try Self.buckets(recognised).map { "\($0["key"] ?? ""):\($0["clusterCount"] ?? "")" }
        #expect(counts == ["520100:0", "520200:0", "520300:2", "520400:0", "520500:0", "520600:0", "522300:0", "522600:0", "522700:0"])
        #expect(recognised.contains(#"{"key" : "520300", "clusterCount" : 2, "supportTotal" : 1800.00}"#), "\(recognised)")

        let byStatus = await service.run("{ distribution(dimension: STATUS, asOf: \"2025-12-31\") { key clusterCount prefecture { code } } }")
        #expect(byStatus == #"{"data":{"distribution" : [{"key" : "CULTIVATING", "clusterCount" : 0, "prefecture" : null}, {"key" : "APPLYING", "clusterCount" : 0, "prefecture" : null}, {"key" : "RECOGNIZED", "clusterCount" : 2, "prefecture" : null}, {"key" : "EXPIRED", "clusterCount" : 1, "prefecture" : null}, {"key" : "REVOKED", "clusterCount" : 1, "prefecture" : null}, {"key" : "REJECTED", "clusterCount" : 0, "prefecture" : null}]}}"#)

        let byIndustry = await service.run("{ distribution(dimension: LEADING_INDUSTRY, where: {applicantCounty: {prefecture: {code: {eq: \"520300\"}}}}) { key clusterCount } }")
        #expect(byIndustry == #"{"data":{"distribution" : [{"key" : "吉他", "clusterCount" : 1}, {"key" : "白酒", "clusterCount" : 1}, {"key" : "辣椒", "clusterCount" : 1}]}}"#)
    }

    @Test("on the sample data: 9 prefectures, 88 counties, 6 bases plus NONE, one statement")
    func sampleData() async throws {
        let service = try await ServiceFixture.shared.isolatedService()
        let start = await service.pool.checkoutCount
        let body = await service.run("""
            { p: distribution(dimension: PREFECTURE) { key clusterCount } c: distribution(dimension: COUNTY) { key }
              b: distribution(dimension: INDUSTRIAL_BASE) { key industrialBase { name } clusterCount } }
            """)
        #expect(await service.pool.checkoutCount == start + 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any], "\(body)")
        let data = try #require(json["data"] as? [String: Any])
        #expect((data["p"] as? [Any])?.count == 9)
        #expect((data["c"] as? [Any])?.count == 88)
        let bases = try #require(data["b"] as? [[String: Any]])
        #expect(bases.count == 7)
        #expect(bases.last?["key"] as? String == "NONE")
        #expect(bases.reduce(0) { $0 + ($1["clusterCount"] as? Int ?? 0) } == 53)
    }

    static func buckets(_ body: String) throws -> [[String: Any]] {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any], "\(body)")
        return try #require((json["data"] as? [String: Any])?["distribution"] as? [[String: Any]], "\(body)")
    }
}
