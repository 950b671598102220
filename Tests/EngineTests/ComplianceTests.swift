import Catalog
import Engine
import Foundation
import GraphQL
import Planner
import Postgres
import TestSupport
import Testing

/// Compliance rules worked out by hand on fixtures the test inserts (issue 5 §3, first part).
@Suite("Compliance")
struct ComplianceTests {
    static let fixtures = """
        BEGIN;
        INSERT INTO cluster (id, code, name, name_en, leading_industry, applicant_county_code, status_code) VALUES
          (5, 'T-C5', 'C5', 'C5', '白酒', '520382', 'CULTIVATING'), (6, 'T-C6', 'C6', 'C6', '白酒', '520330', 'CULTIVATING');
        INSERT INTO cluster_county VALUES (5, '520382', 40), (5, '520330', 60), (6, '520382', 50), (6, '520330', 50);
        INSERT INTO change_filing (id, cluster_id, change_kind_code, changed_on, filed_on) VALUES
          (1, 1, 'OPERATING_BODY', '2025-01-31', '2025-02-28'),
          (2, 1, 'SPATIAL_SCOPE', '2025-01-31', '2025-03-01'),
          (3, 1, 'LEADING_INDUSTRY', '2025-01-31', NULL),
          (4, 1, 'SPATIAL_SCOPE', '2024-01-31', '2024-02-29');
        COMMIT;
        """

    private func service() async throws -> QueryService {
        try await ServiceFixture.fixtureService("compliance", TargetProgressTests.programme, Self.fixtures)
    }

    @Test("change filings: one calendar month, clamped to the month's end (31 Jan → 28 Feb; 2024: 29 Feb)")
    func changeFilings() async throws {
        let service = try await service()
        defer { Task { await service.pool.shutdown() } }
        let query = { (day: String) in
            "{ cluster(code: \"T-C1\") { changeFilings { nodes { changedOn dueOn filedOn filingStatus(asOf: \"\(day)\") daysLate(asOf: \"\(day)\") } } } }"
        }
        let onDeadline = await service.run(query("2025-02-28"))
        #expect(onDeadline == #"{"data":{"cluster" : {"changeFilings" : {"nodes" : [{"changedOn" : "2024-01-31", "dueOn" : "2024-02-29", "filedOn" : "2024-02-29", "filingStatus" : "FILED_ON_TIME", "daysLate" : null}, {"changedOn" : "2025-01-31", "dueOn" : "2025-02-28", "filedOn" : "2025-02-28", "filingStatus" : "FILED_ON_TIME", "daysLate" : null}, {"changedOn" : "2025-01-31", "dueOn" : "2025-02-28", "filedOn" : "2025-03-01", "filingStatus" : "PENDING", "daysLate" : null}, {"changedOn" : "2025-01-31", "dueOn" : "2025-02-28", "filedOn" : null, "filingStatus" : "PENDING", "daysLate" : null}]}}}}"#)
        // Issue 14 §5: on the deadline the filing of 1 March had not happened yet (PENDING, as the unfiled one); on 1 March
        // it is filed a day late; asked on a day before either, nothing is known to be late.
        let filedLate = await service.run("{ cluster(code: \"T-C1\") { changeFilings(where: {filedOn: {eq: \"2025-03-01\"}}) { nodes { "
            + "onDeadline: filingStatus(asOf: \"2025-02-28\") lateSoFar: daysLate(asOf: \"2025-02-28\") "
            + "filed: filingStatus(asOf: \"2025-03-01\") late: daysLate(asOf: \"2025-03-01\") "
            + "later: filingStatus(asOf: \"2026-01-01\") stillLate: daysLate(asOf: \"2026-01-01\") } } } }")
        #expect(filedLate == #"{"data":{"cluster" : {"changeFilings" : {"nodes" : [{"onDeadline" : "PENDING", "lateSoFar" : null, "filed" : "FILED_LATE", "late" : 1, "later" : "FILED_LATE", "stillLate" : 1}]}}}}"#)
        let dayAfter = await service.run("{ cluster(code: \"T-C1\") { changeFilings(where: {filedOn: {isNull: true}}) { nodes { filingStatus(asOf: \"2025-03-01\") daysLate(asOf: \"2025-03-01\") } } } }")
        #expect(dayAfter == #"{"data":{"cluster" : {"changeFilings" : {"nodes" : [{"filingStatus" : "UNFILED", "daysLate" : 1}]}}}}"#)
    }

    @Test("applicant county: the largest share, a tie counts, single-county clusters are consistent")
    func applicantCounty() async throws {
        let service = try await service()
        defer { Task { await service.pool.shutdown() } }
        let body = await service.run(#"{ clusters(where: {code: {in: ["T-C1", "T-C5", "T-C6"]}}) { nodes { code applicantCountyConsistent } } }"#)
        #expect(body == #"{"data":{"clusters" : {"nodes" : [{"code" : "T-C1", "applicantCountyConsistent" : true}, {"code" : "T-C5", "applicantCountyConsistent" : false}, {"code" : "T-C6", "applicantCountyConsistent" : true}]}}}"#)
        let inconsistent = await service.run("{ clusters(where: {applicantCountyConsistent: {eq: false}}) { nodes { code } } }")
        #expect(inconsistent == #"{"data":{"clusters" : {"nodes" : [{"code" : "T-C5"}]}}}"#)
    }
}

/// Annual reports owed and their timeliness (Art. 18), worked out by hand.
@Suite("Annual report compliance")
struct ReportingComplianceTests {
    @Test("10 March is on time, 11 March late; missing after the deadline; none owed after a revocation")
    func reports() async throws {
        let database = try await ProjectDatabase.migrated("reporting")
        try await ProjectDatabase.withConnection(database) { connection in
            try connection.execute(TargetProgressTests.programme)
            try connection.execute("""
                INSERT INTO annual_report (cluster_id, year, prefecture_code, submitted_on) VALUES
                  (1, 2023, '520300', '2024-03-10'), (1, 2024, '520300', '2025-03-11');
                """)
        }
        let pool = ConnectionPool(configuration: database, options: .init(size: 1, sessionSettings: QueryService.sessionSettings), logger: TestLogging.logger)
        defer { Task { await pool.shutdown() } }
        let source = try String(contentsOf: Repository.url("schema/schema.graphql"), encoding: .utf8)
        let service = try await ProjectDatabase.settingUp { try QueryService(schemaSource: source, catalog: .qunji, pool: pool, logger: TestLogging.logger, limits: .testing) }

        let c1 = await service.run(#"{ cluster(code: "T-C1") { reportingCompliance(asOf: "2026-04-01") { year dueOn submittedOn status daysLate } } }"#)
        #expect(c1 == #"{"data":{"cluster" : {"reportingCompliance" : [{"year" : 2023, "dueOn" : "2024-03-10", "submittedOn" : "2024-03-10", "status" : "ON_TIME", "daysLate" : null}, {"year" : 2024, "dueOn" : "2025-03-10", "submittedOn" : "2025-03-11", "status" : "LATE", "daysLate" : 1}, {"year" : 2025, "dueOn" : "2026-03-10", "submittedOn" : null, "status" : "MISSING", "daysLate" : 22}, {"year" : 2026, "dueOn" : "2027-03-10", "submittedOn" : null, "status" : "NOT_DUE", "daysLate" : null}]}}}"#)
        let onDeadline = await service.run(#"{ cluster(code: "T-C1") { reportingCompliance(asOf: "2026-03-10") { year status } } }"#)
        #expect(onDeadline.contains(#"{"year" : 2025, "status" : "NOT_DUE"}"#), "\(onDeadline)")
        let beforeSubmission = await service.run(#"{ cluster(code: "T-C1") { reportingCompliance(asOf: "2025-03-10") { year status } } }"#)
        #expect(beforeSubmission == #"{"data":{"cluster" : {"reportingCompliance" : [{"year" : 2023, "status" : "ON_TIME"}, {"year" : 2024, "status" : "NOT_DUE"}, {"year" : 2025, "status" : "NOT_DUE"}]}}}"#)
        let revoked = await service.run(#"{ cluster(code: "T-C2") { reportingCompliance(asOf: "2026-04-01") { year status daysLate } } }"#)
        #expect(revoked == #"{"data":{"cluster" : {"reportingCompliance" : [{"year" : 2024, "status" : "MISSING", "daysLate" : 387}]}}}"#)
        let renewed = await service.run(#"{ cluster(code: "T-C4") { reportingCompliance(asOf: "2026-04-01") { year status } } }"#)
        #expect(renewed == #"{"data":{"cluster" : {"reportingCompliance" : [{"year" : 2022, "status" : "MISSING"}, {"year" : 2023, "status" : "MISSING"}, {"year" : 2024, "status" : "MISSING"}, {"year" : 2025, "status" : "MISSING"}, {"year" : 2026, "status" : "NOT_DUE"}]}}}"#)
        let never = await service.run(#"{ cluster(code: "T-C1") { reportingCompliance(asOf: "2023-01-01") { year } } }"#)
        #expect(never == #"{"data":{"cluster" : {"reportingCompliance" : []}}}"#)
    }
}
