import Catalog
import Engine
import Foundation
import GraphQL
import Planner
import Postgres
import TestSupport
import Testing

/// Fund managers' summaries against hand-computed totals on the small programme of `DistributionTests`.
@Suite("Support totals")
struct SupportTotalsTests {
    @Test("per fund by year, direction, prefecture and cluster; per cluster by fund and year")
    func handComputed() async throws {
        let database = try await ProjectDatabase.migrated("supporttotals")
        try await ProjectDatabase.withConnection(database) { connection in
            try connection.execute(TargetProgressTests.programme)
            try connection.execute(DistributionTests.holdings)
        }
        let pool = ConnectionPool(configuration: database, options: .init(size: 1, sessionSettings: QueryService.sessionSettings), logger: TestLogging.logger)
        defer { Task { await pool.shutdown() } }
        let source = try String(contentsOf: Repository.url("schema/schema.graphql"), encoding: .utf8)
        let service = try await ProjectDatabase.settingUp { try QueryService(schemaSource: source, catalog: .qunji, pool: pool, logger: TestLogging.logger, limits: .testing) }

        let fund = await service.run("""
            { fund(code: "SME_DEVELOPMENT_FUND") { supportByYear { year measures amount } supportByDirection { direction amount }
              supportByCluster { cluster { code } amount measures } } }
            """)
        #expect(fund == #"{"data":{"fund" : {"supportByYear" : [{"year" : 2024, "measures" : 1, "amount" : 1000.00}], "supportByDirection" : [{"direction" : "DIGITAL", "amount" : 1000.00}], "supportByCluster" : [{"cluster" : {"code" : "T-C1"}, "amount" : 1000.00, "measures" : 1}]}}}"#)

        let map = await service.run(#"{ fund(code: "BANK_CREDIT") { supportByPrefecture { key prefecture { name } measures amount } } }"#)
        let expectedMap = ["520100", "520200", "520300", "520400", "520500", "520600", "522300", "522600", "522700"].map { code in
            code == "520300" ? #"{"key" : "520300", "prefecture" : {"name" : "遵义市"}, "measures" : 1, "amount" : 500.00}"#
                : #"{"key" : "\#(code)", "prefecture" : {"name" : "\#(Self.prefectureNames[code] ?? "")"}, "measures" : 0, "amount" : null}"#
        }.joined(separator: ", ")
        #expect(map == #"{"data":{"fund" : {"supportByPrefecture" : [\#(expectedMap)]}}}"#)

        let clusters = await service.run("""
            { c1: cluster(code: "T-C1") { supportByFund { fund { code } amount } supportByYear { key amount } }
              c2: cluster(code: "T-C2") { supportByYear { year measures amount } }
              c4: cluster(code: "T-C4") { supportByFund { key } supportByYear { year amount } } }
            """)
        #expect(clusters == #"{"data":{"c1" : {"supportByFund" : [{"fund" : {"code" : "BANK_CREDIT"}, "amount" : 500.00}, {"fund" : {"code" : "SME_DEVELOPMENT_FUND"}, "amount" : 1000.00}], "supportByYear" : [{"key" : "2024", "amount" : 1000.00}, {"key" : "2025", "amount" : 500.00}]}, "c2" : {"supportByYear" : [{"year" : 2025, "measures" : 1, "amount" : null}]}, "c4" : {"supportByFund" : [], "supportByYear" : [{"year" : 2025, "amount" : 300.00}]}}}"#)
    }

    static let prefectureNames = [
        "520100": "贵阳市", "520200": "六盘水市", "520300": "遵义市", "520400": "安顺市", "520500": "毕节市",
        "520600": "铜仁市", "522300": "黔西南布依族苗族自治州", "522600": "黔东南苗族侗族自治州", "522700": "黔南布依族苗族自治州",
    ]
}
