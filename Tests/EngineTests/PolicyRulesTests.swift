import Catalog
import Engine
import Foundation
import GraphQL
import Planner
import Postgres
import TestSupport
import Testing

/// Eligibility (Art. 11) and revocation risks (Art. 19), worked out by hand on fixtures the test inserts over
/// `TargetProgressTests.programme` (C1 recognised 2023-08-25; C4 recognised 2022-01-04 and renewed by a re-review on
/// 2025-01-10; C2 revoked; C3 expired).
@Suite("Policy rules")
struct PolicyRulesTests {
    /// A standard with round numbers, in force from the 2025 call. C1's figures for the 2026 call (years
    /// 2023-2025) meet every threshold except growth: (121 / 100)^(1/2) - 1 = 10 % is not more than 10 %.
    static let fixtures = """
        BEGIN;
        INSERT INTO recognition_standard VALUES
          ('T-STD', 'test standard', 'test', 2025, true, 'test', 3, 100.00, 0.7000, 0.7000, 0.1000, 1, 2, 2, false,
           0.3000, NULL, true, true, NULL, NULL, true, NULL, 3, NULL);
        INSERT INTO recognition_standard_title VALUES
          ('T-STD', 'CHAMPIONS_OR_LITTLE_GIANTS', 'LITTLE_GIANT', 'NATIONAL'),
          ('T-STD', 'CHAMPIONS_OR_LITTLE_GIANTS', 'SINGLE_ITEM_CHAMPION', 'NATIONAL'),
          ('T-STD', 'OTHER_QUALITY_SMES', 'SPECIALIZED_SME', 'PROVINCIAL'),
          ('T-STD', 'OTHER_QUALITY_SMES', 'INNOVATIVE_SME', 'PROVINCIAL'),
          ('T-STD', 'OTHER_QUALITY_SMES', 'HIGH_TECH_ENTERPRISE', 'NATIONAL');
        INSERT INTO application_round VALUES (2025, 'r', '2025-05-01', '2025-06-30', 'T-STD', NULL, true);
        UPDATE cluster SET operating_body = '运营公司', energy_intensive = true WHERE id = 1;
        INSERT INTO cluster_indicator (cluster_id, year, output_value, sme_output_value, leading_industry_output_value,
            sme_rd_expenditure, local_supply_share, cloud_adoption_rate, industrial_software_rate, co2_intensity,
            energy_intensity, energy_intensity_benchmark, export_value, international_activities, overseas_branches,
            enterprise_count, sme_count) VALUES
          (1, 2022,  90.00, 63.00, 63.00, 10.00, 0.4, 0.20, 0.10, 2.0, 1.0, 1.2,  0.00, 0, 0, 3, 3),
          (1, 2023, 100.00, 75.00, 75.00, 11.00, 0.4, 0.25, 0.12, 1.9, 1.0, 1.2,  5.00, 0, 0, 3, 3),
          (1, 2024, 110.00, 80.00, 80.00, 12.00, 0.4, 0.30, 0.15, 1.8, 1.0, 1.2,  8.00, 0, 0, 3, 3),
          (1, 2025, 121.00, 90.75, 96.80, 13.00, 0.5, 0.35, 0.20, 1.7, 1.0, 1.2, 10.00, 0, 0, 3, 3);
        INSERT INTO enterprise (id, credit_code, name, county_code, cluster_id, size_code, founded_on, in_leading_industry)
        SELECT id, code || credit_code_check_character(code), name, county, cluster, 'SMALL', DATE '2010-01-01', in_leading
        FROM (VALUES (1, '91520382000000001', 'E1', '520382', 1, true), (2, '91520382000000002', 'E2', '520382', 1, false),
                     (3, '91520382000000003', 'E3', '520382', 1, true), (4, '91520324000000004', 'E4', '520324', 4, true))
             AS e(id, code, name, county, cluster, in_leading);
        INSERT INTO qualification (enterprise_id, kind_code, level_code, granted_on, expires_on) VALUES
          (1, 'LITTLE_GIANT', 'NATIONAL', '2023-07-01', '2099-07-01'),
          (2, 'SPECIALIZED_SME', 'PROVINCIAL', '2024-01-01', '2027-01-01'),
          (3, 'INNOVATIVE_SME', 'PROVINCIAL', '2023-01-01', '2026-01-01');
        INSERT INTO incident (id, enterprise_id, kind_code, grade_code, occurred_on, description) VALUES
          (1, 1, 'SAFETY_ACCIDENT', 'LARGER', '2023-06-30', 'exactly three years before 2026-06-30'),
          (2, 1, 'SAFETY_ACCIDENT', 'MAJOR', '2023-06-29', 'three years and a day before 2026-06-30'),
          (3, 1, 'SAFETY_ACCIDENT', 'GENERAL', '2025-01-01', 'below the disqualifying grade'),
          (4, 1, 'NETWORK_SECURITY', 'LARGER', '2025-02-01', 'network incidents disqualify from MAJOR'),
          (5, 4, 'SAFETY_ACCIDENT', 'LARGER', '2025-06-01', 'during the renewed recognition'),
          (6, 4, 'QUALITY_ACCIDENT', 'GENERAL', '2025-07-01', 'below the grade'),
          (7, 4, 'ENVIRONMENTAL_ACCIDENT', 'MAJOR', '2024-12-01', 'before the renewed recognition'),
          (8, 4, 'TAX_EVASION', NULL, '2026-07-02', 'after the day');
        INSERT INTO annual_report (cluster_id, year, prefecture_code, submitted_on) VALUES
          (1, 2023, '520300', '2024-03-10'), (1, 2024, '520300', '2025-03-11'), (1, 2025, '520300', '2026-03-01'),
          (4, 2022, '520300', '2023-03-10'), (4, 2023, '520300', '2024-03-11'), (4, 2024, '520300', '2025-03-01');
        INSERT INTO monitoring_check (id, cluster_id, checked_on, checked_by, cooperated) VALUES
          (1, 4, '2025-05-01', '遵义市工信局', false), (2, 4, '2024-05-01', '遵义市工信局', false), (3, 4, '2025-09-01', '遵义市工信局', true);
        INSERT INTO change_filing (id, cluster_id, change_kind_code, changed_on, filed_on) VALUES
          (1, 4, 'OPERATING_BODY', '2025-01-31', '2025-02-28'),
          (2, 4, 'LEADING_INDUSTRY', '2025-01-31', '2025-03-01'),
          (3, 4, 'SPATIAL_SCOPE', '2026-05-31', NULL),
          (4, 4, 'OPERATING_BODY', '2026-06-15', NULL),
          (5, 4, 'OPERATING_BODY', '2024-12-01', NULL);
        INSERT INTO misconduct_finding (id, cluster_id, found_on, found_by, description) VALUES
          (1, 4, '2025-03-01', '贵州省工业和信息化厅', '复核材料数据不实'),
          (2, 4, '2024-06-01', '贵州省工业和信息化厅', 'before the re-review was requested');
        COMMIT;
        """

    private func service(_ name: String) async throws -> QueryService {
        try await ServiceFixture.fixtureService(name, TargetProgressTests.programme, Self.fixtures)
    }

    private static func json(_ body: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(body.utf8))
    }

    @Test("eligibility: every condition's figures against the standard, worked out by hand")
    func eligibilityFigures() async throws {
        let service = try await service("policy-figures")
        defer { Task { await service.pool.shutdown() } }
        let body = await service.run("""
            { cluster(code: "T-C1") { eligibility(standard: "T-STD", year: 2026, asOf: "2026-07-01") {
                standard { code } year evaluatedOn outcome eligible conditionsMet disqualifyingIncidentCount
                conditions { item condition outcome figures { measure year value threshold comparison basis met } } } } }
            """)
        let evaluation = try #require(((try Self.json(body) as? [String: Any])?["data"] as? [String: Any])
            .flatMap { ($0["cluster"] as? [String: Any])?["eligibility"] as? [String: Any] }, "\(body)")
        #expect(evaluation["year"] as? Int == 2026)
        #expect(evaluation["evaluatedOn"] as? String == "2026-07-01")
        #expect(evaluation["outcome"] as? String == "NOT_MET")
        #expect(evaluation["eligible"] as? Bool == false)
        #expect(evaluation["conditionsMet"] as? Int == 7)
        #expect(evaluation["disqualifyingIncidentCount"] as? Int == 0)
        let conditions = try #require(evaluation["conditions"] as? [[String: Any]])
        #expect(conditions.map { $0["outcome"] as? String } == ["NOT_MET", "MET", "MET", "MET", "MET", "MET", "MET", "MET"])
        // measure, year, value, threshold, comparison, basis, met — per condition, as computed by hand (numbers as
        // JSONSerialization reads them; the exact digits are checked in the explanations).
        func figures(_ item: Int) -> [String] {
            ((conditions[item - 1]["figures"] as? [[String: Any]]) ?? []).map { figure in
                ["measure", "year", "value", "threshold", "comparison", "basis", "met"]
                    .map { figure[$0].map { "\($0)" } ?? "nil" }.joined(separator: " ")
            }
        }
        #expect(figures(1) == [
            "OUTPUT 2023 100.0 100.0 AT_LEAST STANDARD 1", "OUTPUT 2024 110.0 100.0 AT_LEAST STANDARD 1",
            "OUTPUT 2025 121.0 100.0 AT_LEAST STANDARD 1", "SME_OUTPUT_SHARE 2025 0.75 0.7 AT_LEAST STANDARD 1",
            "LEADING_INDUSTRY_SHARE 2025 0.8 0.7 MORE_THAN STANDARD 1",
            "OUTPUT_GROWTH 2025 0.1 0.1 MORE_THAN STANDARD 0",
        ])
        // Condition 2 is met by either figure: one little giant; E2 is outside the leading industry, E3's title lapsed.
        #expect(figures(2) == ["CHAMPIONS_OR_LITTLE_GIANTS <null> 1 1 AT_LEAST STANDARD 1",
                               "OTHER_QUALITY_SMES <null> 0 2 AT_LEAST STANDARD 0"])
        #expect(figures(3) == ["LOCAL_SUPPLY_SHARE 2025 0.5 <null> REPORTED NONE 1"])
        #expect(figures(4) == ["SME_RD_EXPENDITURE 2024 12.0 11.0 MORE_THAN PREVIOUS_YEAR 1",
                               "SME_RD_EXPENDITURE 2025 13.0 12.0 MORE_THAN PREVIOUS_YEAR 1"])
        #expect(figures(5) == ["CLOUD_ADOPTION_RATE 2025 0.35 0.3 AT_LEAST STANDARD 1",
                               "INDUSTRIAL_SOFTWARE_RATE 2025 0.2 0.12 AT_LEAST FIRST_YEAR 1"])
        #expect(figures(6) == ["CO2_INTENSITY 2024 1.8 1.9 LESS_THAN PREVIOUS_YEAR 1",
                               "CO2_INTENSITY 2025 1.7 1.8 LESS_THAN PREVIOUS_YEAR 1",
                               "ENERGY_INTENSITY 2025 1.0 1.2 LESS_THAN SECTOR_BENCHMARK 1"])
        #expect(figures(7) == ["INTERNATIONAL_ACTIVITIES 2025 0 1 AT_LEAST STANDARD 0",
                               "EXPORT_VALUE 2025 10.0 0 MORE_THAN STANDARD 1"])
        #expect(figures(8) == ["OPERATING_BODY <null> 1 1 AT_LEAST STANDARD 1"])
    }

    @Test("explanations in Chinese and English name the figures and the verdict")
    func explanations() async throws {
        let service = try await service("policy-explain")
        defer { Task { await service.pool.shutdown() } }
        let body = await service.run("""
            { cluster(code: "T-C1") { eligibility(standard: "T-STD", year: 2026, asOf: "2026-07-01") {
                explanation explanationEn conditions { explanation explanationEn } } } }
            """)
        let evaluation = try #require(((try Self.json(body) as? [String: Any])?["data"] as? [String: Any])
            .flatMap { ($0["cluster"] as? [String: Any])?["eligibility"] as? [String: Any] }, "\(body)")
        #expect(evaluation["explanation"] as? String == "2026年按test standard：7/8项条件满足（未满足或数据不足：条件1）：不符合认定条件。")
        #expect(evaluation["explanationEn"] as? String
                == "Against T-STD for 2026: 7 of 8 conditions met (not met or not enough data: 1): not eligible.")
        let conditions = try #require(evaluation["conditions"] as? [[String: String]])
        #expect(conditions[0]["explanation"]?.hasSuffix("2025年产值年均增速 10%，标准 > 10%：不满足。") == true, "\(conditions[0])")
        #expect(conditions[0]["explanationEn"]?.hasSuffix("2025 Average annual output growth 10%, required > 10%: not met.") == true)
        #expect(conditions[1]["explanation"] == "条件2（优质中小企业梯度培育）：满足。满足其一即可：主导产业单项冠军或“小巨人”企业数（按标准所列层级） 1，标准 ≥ 1：满足；"
                + "主导产业其他优质企业数（按标准所列称号） 0，标准 ≥ 2：不满足。")
        #expect(conditions[7]["explanationEn"] == "Condition 8 (Governance and services): met. Operating body yes, required: met.")
    }

    @Test("a threshold changed in the database changes the answer; eligibility is filterable")
    func thresholdInData() async throws {
        let service = try await service("policy-threshold")
        defer { Task { await service.pool.shutdown() } }
        let query = """
            { clusters(where: {eligibility: {standard: "T-STD", year: 2026, asOf: "2026-07-01", eligible: {eq: true}}}) { nodes { code } } }
            """
        #expect(await service.run(query) == #"{"data":{"clusters" : {"nodes" : []}}}"#)
        try await service.pool.withConnection { connection in
            // The service's sessions are read-only by default; this transaction asks to write.
            try connection.execute("BEGIN READ WRITE; UPDATE recognition_standard SET output_growth_over = 0.0950 WHERE code = 'T-STD'; COMMIT")
        }
        #expect(await service.run(query) == #"{"data":{"clusters" : {"nodes" : [{"code" : "T-C1"}]}}}"#)
        // The standard in force (the 2025 round's) is the default; a condition can be filtered on too.
        let byCondition = """
            { clusters(where: {eligibility: {year: 2026, asOf: "2026-07-01", conditions: {some: {condition: {eq: GOVERNANCE}, outcome: {eq: NOT_MET}}}}}) { nodes { code } } }
            """
        #expect(await service.run(byCondition)
                == #"{"data":{"clusters" : {"nodes" : [{"code" : "T-C2"}, {"code" : "T-C3"}, {"code" : "T-C4"}]}}}"#)
    }

    @Test("disqualifying incidents: three years back including the day exactly three years before; grade per kind")
    func disqualifyingIncidents() async throws {
        let service = try await service("policy-incidents")
        defer { Task { await service.pool.shutdown() } }
        let query = { (day: String) in
            "{ cluster(code: \"T-C1\") { eligibility(standard: \"T-STD\", year: 2026, asOf: \"\(day)\") { lookbackYears disqualifyingIncidentCount disqualifyingIncidents { occurredOn kind grade } } } }"
        }
        #expect(await service.run(query("2026-06-30")) == #"{"data":{"cluster" : {"eligibility" : {"lookbackYears" : 3, "disqualifyingIncidentCount" : 1, "disqualifyingIncidents" : [{"occurredOn" : "2023-06-30", "kind" : "SAFETY_ACCIDENT", "grade" : "LARGER"}]}}}}"#)
        #expect(await service.run(query("2026-07-01")) == #"{"data":{"cluster" : {"eligibility" : {"lookbackYears" : 3, "disqualifyingIncidentCount" : 0, "disqualifyingIncidents" : []}}}}"#)
        // A past call year is judged on its last day at the latest: 2024 looks back from 2024-12-31.
        let past = await service.run("{ cluster(code: \"T-C1\") { eligibility(standard: \"T-STD\", year: 2024) { evaluatedOn disqualifyingIncidents { occurredOn } } } }")
        #expect(past == #"{"data":{"cluster" : {"eligibility" : {"evaluatedOn" : "2024-12-31", "disqualifyingIncidents" : [{"occurredOn" : "2023-06-29"}, {"occurredOn" : "2023-06-30"}]}}}}"#)
    }

    @Test("revocation risks: each ground with its evidence, only for the recognition in force")
    func revocationRisks() async throws {
        let service = try await service("policy-risks")
        defer { Task { await service.pool.shutdown() } }
        let body = await service.run("""
            { cluster(code: "T-C4") { revocationRiskCount(asOf: "2026-07-01") revocationRisks(asOf: "2026-07-01") {
                ground item since reportYear recognition { recognizedOn } incident { occurredOn } changeFiling { changedOn }
                monitoringCheck { checkedOn } finding { foundOn } } } }
            """)
        #expect(body == #"{"data":{"cluster" : {"revocationRiskCount" : 7, "revocationRisks" : [{"ground" : "NO_LONGER_ELIGIBLE", "item" : 1, "since" : null, "reportYear" : null, "recognition" : {"recognizedOn" : "2025-01-10"}, "incident" : null, "changeFiling" : null, "monitoringCheck" : null, "finding" : null}, {"ground" : "FALSE_APPLICATION", "item" : 2, "since" : "2025-03-01", "reportYear" : null, "recognition" : {"recognizedOn" : "2025-01-10"}, "incident" : null, "changeFiling" : null, "monitoringCheck" : null, "finding" : {"foundOn" : "2025-03-01"}}, {"ground" : "REPORTING_FAILURE", "item" : 3, "since" : "2025-05-01", "reportYear" : null, "recognition" : {"recognizedOn" : "2025-01-10"}, "incident" : null, "changeFiling" : null, "monitoringCheck" : {"checkedOn" : "2025-05-01"}, "finding" : null}, {"ground" : "REPORTING_FAILURE", "item" : 3, "since" : "2026-03-11", "reportYear" : 2025, "recognition" : {"recognizedOn" : "2025-01-10"}, "incident" : null, "changeFiling" : null, "monitoringCheck" : null, "finding" : null}, {"ground" : "UNFILED_MAJOR_CHANGE", "item" : 4, "since" : "2025-03-01", "reportYear" : null, "recognition" : {"recognizedOn" : "2025-01-10"}, "incident" : null, "changeFiling" : {"changedOn" : "2025-01-31"}, "monitoringCheck" : null, "finding" : null}, {"ground" : "UNFILED_MAJOR_CHANGE", "item" : 4, "since" : "2026-07-01", "reportYear" : null, "recognition" : {"recognizedOn" : "2025-01-10"}, "incident" : null, "changeFiling" : {"changedOn" : "2026-05-31"}, "monitoringCheck" : null, "finding" : null}, {"ground" : "DISQUALIFYING_INCIDENT", "item" : 5, "since" : "2025-06-01", "reportYear" : null, "recognition" : {"recognizedOn" : "2025-01-10"}, "incident" : {"occurredOn" : "2025-06-01"}, "changeFiling" : null, "monitoringCheck" : null, "finding" : null}]}}}"#)
        let evidence = await service.run("{ cluster(code: \"T-C4\") { revocationRisks(asOf: \"2026-07-01\") { evidence evidenceEn } } }")
        let rows = try #require(((try Self.json(evidence) as? [String: Any])?["data"] as? [String: Any])
            .flatMap { ($0["cluster"] as? [String: Any])?["revocationRisks"] as? [[String: String]] }, "\(evidence)")
        #expect(rows.map { $0["evidence"] ?? "" } == [
            "按T-STD，以下条件不再满足：优质中小企业梯度培育、治理和服务",
            "2025-03-01 贵州省工业和信息化厅认定：复核材料数据不实",
            "2025-05-01 遵义市工信局监测时集群不接受或不配合监测",
            "2025年度发展情况报告未报送（应于2026-03-10前报送，已逾期113天）",
            "主导产业变更（2025-01-31）逾期1天报备（期限2025-02-28）",
            "空间范围变更（2026-05-31）未报备（期限2026-06-30，已逾期1天）",
            "2025-06-01 E4发生安全事故（较大）：during the renewed recognition",
        ])
        #expect(rows[3]["evidenceEn"] == "Annual report for 2025 not submitted (due 2026-03-10, 113 days overdue)")
        // No recognition in force: after expiry, after a revocation, before any recognition.
        let none = await service.run("""
            { a: cluster(code: "T-C4") { revocationRisks(asOf: "2028-01-11") { ground } }
              b: cluster(code: "T-C2") { revocationRisks(asOf: "2025-06-01") { ground } }
              c: cluster(code: "T-C1") { revocationRisks(asOf: "2023-08-24") { ground } } }
            """)
        #expect(none == #"{"data":{"a" : {"revocationRisks" : []}, "b" : {"revocationRisks" : []}, "c" : {"revocationRisks" : []}}}"#)
    }

    @Test("risks are filterable, countable in groups, and the province's question is one query")
    func risksInLists() async throws {
        let service = try await service("policy-lists")
        defer { Task { await service.pool.shutdown() } }
        let unfiled = await service.run("""
            { clusters(asOf: "2026-07-01", where: {revocationRisks: {some: {ground: {eq: UNFILED_MAJOR_CHANGE}}}}) { nodes { code } }
              many: clusters(asOf: "2026-07-01", where: {revocationRiskCount: {gte: 2}}) { nodes { code } }
              none: clusters(where: {revocationRisks: {asOf: "2026-07-01", none: {}}}) { nodes { code } } }
            """)
        #expect(unfiled == #"{"data":{"clusters" : {"nodes" : [{"code" : "T-C4"}]}, "many" : {"nodes" : [{"code" : "T-C1"}, {"code" : "T-C4"}]}, "none" : {"nodes" : [{"code" : "T-C2"}, {"code" : "T-C3"}]}}}"#)
        // By ground: C1 (growth) and C4 lack conditions; C1 filed its 2024 report a day late (2025-03-11) during its
        // recognition, a ground that happened (issue 14 §5); C4 has the other grounds; C2 and C3 have none.
        let groups = await service.run("""
            { clusterGroups(groupBy: [REVOCATION_GROUND], asOf: "2026-07-01", orderBy: [{count: DESC}]) { key { revocationGround } count } }
            """)
        let counts = try #require(((try Self.json(groups) as? [String: Any])?["data"] as? [String: Any])?["clusterGroups"] as? [[String: Any]])
        var byGround: [String: Int] = [:]
        for group in counts {
            let ground = ((group["key"] as? [String: Any])?["revocationGround"] as? String) ?? "none"
            byGround[ground] = group["count"] as? Int
        }
        #expect(byGround == ["none": 2, "NO_LONGER_ELIGIBLE": 2, "FALSE_APPLICATION": 1, "REPORTING_FAILURE": 2,
                             "UNFILED_MAJOR_CHANGE": 1, "DISQUALIFYING_INCIDENT": 1], "\(groups)")
        // Done-when: recognised clusters at risk and why, and pool clusters that meet the standard, in one query.
        let official = await service.run("""
            { atRisk: clusters(asOf: "2026-07-01", where: {status: {eq: RECOGNIZED}, revocationRiskCount: {gt: 0}}) {
                nodes { code revocationRisks { ground } } }
              ready: clusters(asOf: "2026-07-01", where: {status: {in: [CULTIVATING, APPLYING]},
                                                          eligibility: {year: 2026, eligible: {eq: true}}}) { nodes { code } } }
            """)
        #expect(official == #"{"data":{"atRisk" : {"nodes" : [{"code" : "T-C1", "revocationRisks" : [{"ground" : "NO_LONGER_ELIGIBLE"}, {"ground" : "REPORTING_FAILURE"}]}, {"code" : "T-C4", "revocationRisks" : [{"ground" : "NO_LONGER_ELIGIBLE"}, {"ground" : "FALSE_APPLICATION"}, {"ground" : "REPORTING_FAILURE"}, {"ground" : "REPORTING_FAILURE"}, {"ground" : "UNFILED_MAJOR_CHANGE"}, {"ground" : "UNFILED_MAJOR_CHANGE"}, {"ground" : "DISQUALIFYING_INCIDENT"}]}]}, "ready" : {"nodes" : []}}}"#)
    }

    @Test("reports owed are filterable: clusters with a missing report")
    func missingReports() async throws {
        let service = try await service("policy-reports")
        defer { Task { await service.pool.shutdown() } }
        let body = await service.run("""
            { clusters(where: {reportingCompliance: {asOf: "2026-07-01", some: {status: {eq: MISSING}}}}) { nodes { code
                reportingCompliance(asOf: "2026-07-01") { year status daysLate } } } }
            """)
        // C4 owes 2022-2026 (2025 missing); C3's recognition (2020-05-01 to 2023-05-01) left 2020-2023 unreported;
        // C2 was revoked 2025-06-01, after the 2024 report fell due.
        #expect(body == #"{"data":{"clusters" : {"nodes" : [{"code" : "T-C2", "reportingCompliance" : [{"year" : 2024, "status" : "MISSING", "daysLate" : 478}]}, {"code" : "T-C3", "reportingCompliance" : [{"year" : 2020, "status" : "MISSING", "daysLate" : 1939}, {"year" : 2021, "status" : "MISSING", "daysLate" : 1574}, {"year" : 2022, "status" : "MISSING", "daysLate" : 1209}, {"year" : 2023, "status" : "MISSING", "daysLate" : 843}]}, {"code" : "T-C4", "reportingCompliance" : [{"year" : 2022, "status" : "ON_TIME", "daysLate" : null}, {"year" : 2023, "status" : "LATE", "daysLate" : 1}, {"year" : 2024, "status" : "ON_TIME", "daysLate" : null}, {"year" : 2025, "status" : "MISSING", "daysLate" : 113}, {"year" : 2026, "status" : "NOT_DUE", "daysLate" : null}]}]}}}"#)
    }

    @Test("an unknown standard and an impossible year are input errors, not failures")
    func badArguments() async throws {
        let service = try await service("policy-errors")
        defer { Task { await service.pool.shutdown() } }
        let unknown = await service.run("{ cluster(code: \"T-C1\") { eligibility(standard: \"NOPE\") { eligible } } }")
        #expect(unknown.contains("\"BAD_USER_INPUT\""), "\(unknown)")
        #expect(unknown.contains("There is no recognition standard \\\"NOPE\\\". Known standards: MIIT-2022, GZ-SAMPLE-2023, T-STD."), "\(unknown)")
        let year = await service.run("{ clusters(where: {eligibility: {year: 99999, eligible: {eq: true}}}) { totalCount } }")
        #expect(year.contains("\"year\\\" must be between 2000 and 2100 (got 99999)"), "\(year)")
        #expect(year.contains("\"BAD_USER_INPUT\""), "\(year)")
    }
}
