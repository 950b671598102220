import Catalog
import Engine
import Foundation
import GraphQL
import Planner
import Postgres
import TestSupport
import Testing

/// The policy's rules at their edges (issue 14): every threshold just below, at and just above; titles by standard
/// and by day; the Civil Code's day counting; the order of the process; compliance on a past day. Each expectation
/// is worked out by hand in its comment, and each failed on the code before migration 0016.
@Suite("Policy rules at their edges")
struct PolicyEdgeTests {
    private static func json(_ body: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any], "\(body)")
    }

    // MARK: - 1. Art. 11: thresholds on exact values

    /// One cluster per standard, figure family and side of the threshold (B below, A at, U above; 1 fen = 0.01 yuan
    /// either way for amounts):
    /// - OUTPUT: every window year's output at the standard's minimum, ± 1 fen;
    /// - SHARE: 2025 output 1,000,000.00 yuan, SME and leading-industry output at the share's exact amount, ± 1 fen
    ///   (70 % ± 0.000001 %: rounded to 4 decimals, as before, both sides read 0.7000);
    /// - GROWTH: 2023 output 1,000,000.00, 2025 output 1,000,000 × (1 + g)² ± 1 fen (MIIT: 1,210,000.00; the
    ///   sample standard: 1,166,400.00), so the compound average growth is exactly g, or a hair either side.
    static func thresholdFixtures() -> String {
        let standards: [(code: String, key: String, minimum: String, share: String, growthTarget: String)] = [
            ("MIIT-2022", "M", "4000000000.00", "0.7", "1210000.00"),
            ("GZ-SAMPLE-2023", "G", "1000000000.00", "0.6", "1166400.00"),
        ]
        let sides = [("B", "-0.01"), ("A", "0.00"), ("U", "0.01")]
        var sql = "BEGIN;\n"
        var id = 100
        for standard in standards {
            for family in ["OUT", "SHR", "GRW"] {
                for (side, delta) in sides {
                    id += 1
                    let code = "E-\(standard.key)-\(family)-\(side)"
                    sql += """
                        INSERT INTO cluster (id, code, name, name_en, leading_industry, applicant_county_code, status_code)
                        VALUES (\(id), '\(code)', '\(code)', '\(code)', '测试', '520382', 'CULTIVATING');
                        INSERT INTO cluster_county VALUES (\(id), '520382', 100);

                        """
                    let rows: [(Int, String, String, String)]
                    switch family {
                    case "OUT":
                        let value = "\(standard.minimum) + \(delta)"
                        rows = [2023, 2024, 2025].map { ($0, value, value, value) }
                    case "SHR":
                        let part = "1000000.00 * \(standard.share) + \(delta)"
                        rows = [(2023, "1000000.00", "0", "0"), (2024, "1000000.00", "0", "0"), (2025, "1000000.00", part, part)]
                    default:
                        rows = [(2023, "1000000.00", "0", "0"), (2024, "1100000.00", "0", "0"),
                                (2025, "\(standard.growthTarget) + \(delta)", "0", "0")]
                    }
                    for (year, output, sme, leading) in rows {
                        sql += """
                            INSERT INTO cluster_indicator (cluster_id, year, output_value, sme_output_value,
                                leading_industry_output_value, enterprise_count, sme_count)
                            VALUES (\(id), \(year), \(output), \(sme), \(leading), 1, 1);

                            """
                    }
                }
            }
        }
        // The other thresholds of the sample standard (the national one sets none for them), one step either way:
        // local supply ≥ 30 %, cloud adoption ≥ 30 %, industrial software ≥ 20 % (±0.01 %: the columns hold 4
        // decimals), international activities ≥ 1 and service platforms ≥ 1 (±1).
        for (side, ratio, count) in [("B", "-0.0001", 0), ("A", "0", 1), ("U", "0.0001", 2)] {
            id += 1
            let code = "E-G-RAT-\(side)"
            sql += """
                INSERT INTO cluster (id, code, name, name_en, leading_industry, applicant_county_code, status_code)
                VALUES (\(id), '\(code)', '\(code)', '\(code)', '测试', '520382', 'CULTIVATING');
                INSERT INTO cluster_county VALUES (\(id), '520382', 100);
                INSERT INTO cluster_indicator (cluster_id, year, output_value, sme_output_value, leading_industry_output_value,
                    local_supply_share, cloud_adoption_rate, industrial_software_rate, international_activities,
                    overseas_branches, service_platforms, enterprise_count, sme_count)
                VALUES (\(id), 2025, 1000000.00, 0, 0, 0.3 + \(ratio), 0.3 + \(ratio), 0.2 + \(ratio), \(count), 0, \(count), 1, 1);

                """
        }
        // Condition 2's counts, one enterprise either way: little giants (both standards: at least 1) and 专精特新 SMEs
        // (MIIT: at least 10; the sample standard: at least 5), titles valid on the evaluation day.
        for standard in [("M", 1, 10), ("G", 1, 5)] {
            for (side, step) in [("B", -1), ("A", 0), ("U", 1)] {
                id += 1
                let code = "E-\(standard.0)-TTL-\(side)"
                sql += """
                    INSERT INTO cluster (id, code, name, name_en, leading_industry, applicant_county_code, status_code)
                    VALUES (\(id), '\(code)', '\(code)', '\(code)', '测试', '520382', 'CULTIVATING');
                    INSERT INTO cluster_county VALUES (\(id), '520382', 100);
                    INSERT INTO enterprise (id, credit_code, name, county_code, cluster_id, size_code, founded_on, in_leading_industry)
                    SELECT \(id) * 100 + n, c || credit_code_check_character(c), '\(code)-' || n, '520382', \(id), 'SMALL', DATE '2010-01-01', true
                    FROM generate_series(1, \(standard.1 + step + standard.2 + step)) AS n,
                         LATERAL (SELECT 'X1520382' || lpad((\(id) * 100 + n)::text, 9, '0') AS c) x;
                    INSERT INTO qualification (enterprise_id, kind_code, level_code, granted_on, expires_on)
                    SELECT \(id) * 100 + n, CASE WHEN n <= \(standard.1 + step) THEN 'LITTLE_GIANT' ELSE 'SPECIALIZED_SME' END,
                           CASE WHEN n <= \(standard.1 + step) THEN 'NATIONAL' ELSE 'PROVINCIAL' END, '2025-01-01', '2027-12-31'
                    FROM generate_series(1, \(standard.1 + step + standard.2 + step)) AS n;

                    """
            }
        }
        // The example of the issue: an SME share of 69.996 % against 70 %.
        sql += """
            INSERT INTO cluster (id, code, name, name_en, leading_industry, applicant_county_code, status_code)
            VALUES (199, 'E-69996', 'E-69996', 'E-69996', '测试', '520382', 'CULTIVATING');
            INSERT INTO cluster_county VALUES (199, '520382', 100);
            INSERT INTO cluster_indicator (cluster_id, year, output_value, sme_output_value, leading_industry_output_value,
                enterprise_count, sme_count) VALUES (199, 2025, 1000000.00, 699960.00, 700040.00, 1, 1);
            COMMIT;
            """
        return sql
    }

    @Test("Art. 11(1): output, SME share, leading-industry share and growth just below, at and just above each standard's thresholds")
    func exactThresholds() async throws {
        let service = try await ServiceFixture.fixtureService("edge-thresholds", Self.thresholdFixtures())
        defer { Task { await service.pool.shutdown() } }
        // measure → expected `met` below / at / above. OUTPUT and the SME share are "at least" (≥); the
        // leading-industry share and growth are "more than" (>), so the threshold itself is not met.
        let expected: [String: (family: String, measures: [String], met: [Bool])] = [
            "OUTPUT": ("OUT", ["OUTPUT"], [false, true, true]),
            "SME_OUTPUT_SHARE": ("SHR", ["SME_OUTPUT_SHARE"], [false, true, true]),
            "LEADING_INDUSTRY_SHARE": ("SHR", ["LEADING_INDUSTRY_SHARE"], [false, false, true]),
            "OUTPUT_GROWTH": ("GRW", ["OUTPUT_GROWTH"], [false, false, true]),
            "CHAMPIONS_OR_LITTLE_GIANTS": ("TTL", ["CHAMPIONS_OR_LITTLE_GIANTS"], [false, true, true]),
            "OTHER_QUALITY_SMES": ("TTL", ["OTHER_QUALITY_SMES"], [false, true, true]),
        ]
        let sampleOnly: [String: (family: String, measures: [String], met: [Bool])] = [
            "LOCAL_SUPPLY_SHARE": ("RAT", [], [false, true, true]),
            "CLOUD_ADOPTION_RATE": ("RAT", [], [false, true, true]),
            "INDUSTRIAL_SOFTWARE_RATE": ("RAT", [], [false, true, true]),
            "INTERNATIONAL_ACTIVITIES": ("RAT", [], [false, true, true]),
            "SERVICE_PLATFORMS": ("RAT", [], [false, true, true]),
        ]
        for (standardCode, key) in [("MIIT-2022", "M"), ("GZ-SAMPLE-2023", "G")] {
            let rules = key == "G" ? expected.merging(sampleOnly) { own, _ in own } : expected
            for (measure, rule) in rules.sorted(by: { $0.key < $1.key }) {
                for (index, side) in ["B", "A", "U"].enumerated() {
                    let code = "E-\(key)-\(rule.family)-\(side)"
                    let body = await service.run("""
                        { cluster(code: "\(code)") { eligibility(standard: "\(standardCode)", year: 2026, asOf: "2026-07-01") {
                            conditions { figures { measure year value met } } } } }
                        """)
                    let conditions = ((try Self.json(body)["data"] as? [String: Any])?["cluster"] as? [String: Any])
                        .flatMap { $0["eligibility"] as? [String: Any] }?["conditions"] as? [[String: Any]] ?? []
                    let figures = conditions.flatMap { ($0["figures"] as? [[String: Any]]) ?? [] }
                        .filter { ($0["measure"] as? String) == measure }
                    #expect(!figures.isEmpty, "\(code) under \(standardCode): no \(measure) figure in \(body)")
                    for figure in figures {
                        #expect(figure["met"] as? Bool == rule.met[index],
                                "\(code) under \(standardCode): \(measure) \(figure["year"] ?? "") value \(figure["value"] ?? "nil") should be met = \(rule.met[index])")
                    }
                }
            }
        }
        // 69.996 % is not 70 %: not met, and the explanation says 69.996%, not a rounded 70%. 70.004 % > 70 %: met.
        let example = await service.run("""
            { cluster(code: "E-69996") { eligibility(standard: "MIIT-2022", year: 2026, asOf: "2026-07-01") {
                conditions { figures { measure value met explanation explanationEn } } } } }
            """)
        let figures = (((try Self.json(example)["data"] as? [String: Any])?["cluster"] as? [String: Any])
            .flatMap { $0["eligibility"] as? [String: Any] }?["conditions"] as? [[String: Any]] ?? [])
            .flatMap { ($0["figures"] as? [[String: Any]]) ?? [] }
        let sme = try #require(figures.first { $0["measure"] as? String == "SME_OUTPUT_SHARE" }, "\(example)")
        #expect(sme["met"] as? Bool == false)
        #expect(sme["explanation"] as? String == "2025年中小企业产值占比 69.996%，标准 ≥ 70%：不满足", "\(sme)")
        #expect(sme["explanationEn"] as? String == "2025 SME share of output 69.996%, required >= 70%: not met", "\(sme)")
        let leading = try #require(figures.first { $0["measure"] as? String == "LEADING_INDUSTRY_SHARE" })
        #expect(leading["met"] as? Bool == true)
        #expect(leading["explanation"] as? String == "2025年主导产业产值占比 70.004%，标准 > 70%：满足", "\(leading)")
        // The value is the exact quotient, not rounded.
        #expect(example.contains(#""value" : 0.69996"#), "\(example)")
    }

    // MARK: - 2. Art. 11(2): the titles each standard counts, valid on the day

    /// Cluster E-T (Zheng'an) with five enterprises in the leading industry and one outside it:
    /// - 1: a PROVINCIAL single-item champion (2024-01-01 to 2026-12-31): a champion under the sample standard only;
    /// - 2: a 科技型中小企业 title granted 2025-03-01 with no recorded expiry: the kind's 1-year term makes it valid
    ///   through 2026-03-01 (Civil Code); counted by the sample standard, never by MIIT's;
    /// - 3: a national 中华老字号 with no expiry (no fixed term), withdrawn on 2026-05-01;
    /// - 4: a provincial 农业产业化龙头企业, 2025-01-01 to 2026-06-30 (its last day);
    /// - 5: a national high-tech enterprise, 2024-01-01 to 2026-12-31: counted by both standards;
    /// - 6: outside the leading industry, a national little giant: never counted.
    static let titleFixtures = """
        BEGIN;
        INSERT INTO cluster (id, code, name, name_en, leading_industry, applicant_county_code, status_code)
        VALUES (300, 'E-T', 'E-T', 'E-T', '吉他', '520324', 'CULTIVATING');
        INSERT INTO cluster_county VALUES (300, '520324', 100);
        INSERT INTO enterprise (id, credit_code, name, county_code, cluster_id, size_code, founded_on, in_leading_industry)
        SELECT id, code || credit_code_check_character(code), 'T' || id, '520324', 300, 'SMALL', DATE '2010-01-01', id <> 6
        FROM (VALUES (1, 'X1520324000000001'), (2, 'X1520324000000002'), (3, 'X1520324000000003'),
                     (4, 'X1520324000000004'), (5, 'X1520324000000005'), (6, 'X1520324000000006')) AS e(id, code);
        INSERT INTO qualification (enterprise_id, kind_code, level_code, granted_on, expires_on, withdrawn_on) VALUES
          (1, 'SINGLE_ITEM_CHAMPION', 'PROVINCIAL', '2024-01-01', '2026-12-31', NULL),
          (2, 'TECH_SME', 'NATIONAL', '2025-03-01', NULL, NULL),
          (3, 'TIME_HONORED_BRAND', 'NATIONAL', '2006-12-01', NULL, '2026-05-01'),
          (4, 'AGRICULTURAL_LEADING', 'PROVINCIAL', '2025-01-01', '2026-06-30', NULL),
          (5, 'HIGH_TECH_ENTERPRISE', 'NATIONAL', '2024-01-01', '2026-12-31', NULL),
          (6, 'LITTLE_GIANT', 'NATIONAL', '2024-07-01', '2027-06-30', NULL);
        COMMIT;
        """

    @Test("Art. 11(2): each standard counts the kinds and levels it lists, and only titles valid on the evaluation day")
    func titlesByStandardAndDay() async throws {
        let service = try await ServiceFixture.fixtureService("edge-titles", Self.titleFixtures)
        defer { Task { await service.pool.shutdown() } }
        func counts(_ standard: String, _ day: String) async throws -> [Int] {
            let body = await service.run("""
                { cluster(code: "E-T") { eligibility(standard: "\(standard)", year: 2026, asOf: "\(day)") {
                    conditions { figures { measure value } } } } }
                """)
            let figures = (((try Self.json(body)["data"] as? [String: Any])?["cluster"] as? [String: Any])
                .flatMap { $0["eligibility"] as? [String: Any] }?["conditions"] as? [[String: Any]] ?? [])
                .flatMap { ($0["figures"] as? [[String: Any]]) ?? [] }
            return ["CHAMPIONS_OR_LITTLE_GIANTS", "OTHER_QUALITY_SMES"].map { measure in
                (figures.first { $0["measure"] as? String == measure }?["value"] as? NSNumber)?.intValue ?? -1
            }
        }
        // [champions or little giants, other quality enterprises]
        // 2026-03-01: the sample standard counts the provincial champion (1) and the tech SME (last day), the brand,
        // the agricultural leader and the high-tech enterprise (4); MIIT counts no provincial champion (0) and only
        // the high-tech enterprise (1).
        #expect(try await counts("GZ-SAMPLE-2023", "2026-03-01") == [1, 4])
        #expect(try await counts("MIIT-2022", "2026-03-01") == [0, 1])
        // 2026-03-02: the tech SME's term is over (it counted for ever before).
        #expect(try await counts("GZ-SAMPLE-2023", "2026-03-02") == [1, 3])
        // 2026-04-30 / 2026-05-01: the brand counts up to the day before its withdrawal.
        #expect(try await counts("GZ-SAMPLE-2023", "2026-04-30") == [1, 3])
        #expect(try await counts("GZ-SAMPLE-2023", "2026-05-01") == [1, 2])
        // 2026-06-30 / 2026-07-01: the agricultural leader's recorded last day counts; the next does not.
        #expect(try await counts("GZ-SAMPLE-2023", "2026-06-30") == [1, 2])
        #expect(try await counts("GZ-SAMPLE-2023", "2026-07-01") == [1, 1])

        // The rule as fields of the title, and the standard's list as data.
        let fields = await service.run("""
            { cluster(code: "E-T") { enterprises(first: 10) { nodes { qualifications(first: 5) { nodes {
                kind validThrough valid(asOf: "2026-03-01") later: valid(asOf: "2026-05-01") } } } } } }
            """)
        #expect(fields.contains(#"{"kind" : "TECH_SME", "validThrough" : "2026-03-01", "valid" : true, "later" : false}"#), "\(fields)")
        #expect(fields.contains(#"{"kind" : "TIME_HONORED_BRAND", "validThrough" : "2026-04-30", "valid" : true, "later" : false}"#), "\(fields)")
        let listed = await service.run("""
            { recognitionStandard(code: "MIIT-2022") { titles { nodes { measure kind level } } } }
            """)
        #expect(listed == #"{"data":{"recognitionStandard" : {"titles" : {"nodes" : [{"measure" : "CHAMPIONS_OR_LITTLE_GIANTS", "kind" : "LITTLE_GIANT", "level" : "NATIONAL"}, {"measure" : "CHAMPIONS_OR_LITTLE_GIANTS", "kind" : "SINGLE_ITEM_CHAMPION", "level" : "NATIONAL"}, {"measure" : "OTHER_QUALITY_SMES", "kind" : "HIGH_TECH_ENTERPRISE", "level" : "NATIONAL"}, {"measure" : "OTHER_QUALITY_SMES", "kind" : "INNOVATIVE_SME", "level" : "PROVINCIAL"}, {"measure" : "OTHER_QUALITY_SMES", "kind" : "SPECIALIZED_SME", "level" : "PROVINCIAL"}]}}}}"#)
    }

    // MARK: - 5. Art. 19(3): a late report is a ground that happened

    @Test("Art. 18-19: a report filed late is a revocation ground from the day after its deadline, once known, during the recognition")
    func lateReportIsAGround() async throws {
        let service = try await ServiceFixture.fixtureService("edge-late-report", TargetProgressTests.programme, PolicyRulesTests.fixtures)
        defer { Task { await service.pool.shutdown() } }
        let query = { (code: String, day: String) in
            "{ cluster(code: \"\(code)\") { revocationRisks(asOf: \"\(day)\") { ground since reportYear evidence evidenceEn } } }"
        }
        func reporting(_ code: String, _ day: String) async throws -> [[String: Any]] {
            let body = await service.run(query(code, day))
            let risks = ((try Self.json(body)["data"] as? [String: Any])?["cluster"] as? [String: Any])?["revocationRisks"] as? [[String: Any]]
            return (risks ?? []).filter { $0["ground"] as? String == "REPORTING_FAILURE" && $0["reportYear"] != nil && !($0["reportYear"] is NSNull) }
        }
        // C1's 2024 report was due 2025-03-10 and came on 2025-03-11. On the deadline nothing is late yet.
        #expect(try await reporting("T-C1", "2025-03-10").isEmpty)
        // From the next day it is a ground, and it stays one after the report came in (before: no longer a risk).
        for day in ["2025-03-11", "2026-07-01"] {
            let risks = try await reporting("T-C1", day)
            #expect(risks.count == 1, "\(day): \(risks)")
            #expect(risks.first?["since"] as? String == "2025-03-11")
            #expect(risks.first?["reportYear"] as? Int == 2024)
            #expect(risks.first?["evidence"] as? String == "2024年度发展情况报告逾期1天报送（应于2025-03-10前报送，2025-03-11报送）")
            #expect(risks.first?["evidenceEn"] as? String == "Annual report for 2024 submitted 1 days late (due 2025-03-10, submitted 2025-03-11)")
        }
        // C4's 2023 report came a day late (2024-03-11), during its first recognition: a ground then; not against the
        // renewal of 2025-01-10, which the province granted knowing it.
        #expect(try await reporting("T-C4", "2024-06-01").map { $0["since"] as? String } == ["2024-03-11"])
        #expect(try await reporting("T-C4", "2026-07-01").map { $0["reportYear"] as? Int } == [2025])
    }

    // MARK: - 7. Art. 2: County.neighbours

    @Test("County.neighbours lists the counties sharing a border, from the reference CSV")
    func neighbours() async throws {
        let service = try await ServiceFixture.shared.service()
        // 南明区 (520102): its rows of sql/data/county_adjacency.csv, either column.
        let csv = try String(contentsOf: Repository.url("sql/data/county_adjacency.csv"), encoding: .utf8)
        var expected: [String] = []
        for line in csv.split(whereSeparator: \.isNewline).dropFirst() {
            let fields = line.split(separator: ",").map(String.init)
            if fields[0] == "520102" { expected.append(fields[1]) }
            if fields[1] == "520102" { expected.append(fields[0]) }
        }
        let body = await service.run(#"{ county(code: "520102") { name neighbours { totalCount nodes { code } } } }"#)
        let county = try #require((try Self.json(body)["data"] as? [String: Any])?["county"] as? [String: Any], "\(body)")
        let neighbours = (county["neighbours"] as? [String: Any])?["nodes"] as? [[String: Any]] ?? []
        #expect(neighbours.compactMap { $0["code"] as? String } == expected.sorted())
        #expect(expected.contains("520103") && !expected.contains("520382"))
        // Filterable like any list: the neighbours of 仁怀市 in 遵义市.
        let filtered = await service.run(#"{ county(code: "520382") { neighbours(where: {prefecture: {code: {eq: "520300"}}}) { nodes { code } } } }"#)
        #expect(filtered == #"{"data":{"county" : {"neighbours" : {"nodes" : [{"code" : "520303"}, {"code" : "520304"}, {"code" : "520322"}, {"code" : "520330"}]}}}}"#)
    }

    @Test("the schema says what STATUS means: the status on asOf, derived, not the recorded one")
    func statusDimensionDescribed() throws {
        let schema = try CatalogSchemaTests.schema()
        for (type, value) in [("DistributionDimension", "STATUS"), ("ClusterGroupDimension", "STATUS")] {
            let enumType = try #require(schema.typeMap[type] as? GraphQLEnumType)
            let description = enumType.values.first { $0.name == value }?.description ?? ""
            #expect(description.contains("`asOf`") && !description.contains("recorded status."), "\(type).\(value): \(description)")
        }
    }
}
