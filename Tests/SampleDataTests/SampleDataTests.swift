import Postgres
import SampleData
import TestSupport
import Testing

@Suite("Sample data")
struct SampleDataTests {
    /// One fingerprint per table: the md5 of all its rows in key order.
    static let fingerprintSQL = """
        SELECT string_agg(t || ':' || h, ' ' ORDER BY t) FROM (
          SELECT 'cluster' t, md5(string_agg(x::text, '|' ORDER BY x.id)) h FROM cluster x
          UNION ALL SELECT 'cluster_county', md5(string_agg(x::text, '|' ORDER BY x.cluster_id, x.county_code)) FROM cluster_county x
          UNION ALL SELECT 'cluster_indicator', md5(string_agg(x::text, '|' ORDER BY x.cluster_id, x.year)) FROM cluster_indicator x
          UNION ALL SELECT 'enterprise', md5(string_agg(x::text, '|' ORDER BY x.id)) FROM enterprise x
          UNION ALL SELECT 'qualification', md5(string_agg(x::text, '|' ORDER BY x.id)) FROM qualification x
          UNION ALL SELECT 'incident', md5(string_agg(x::text, '|' ORDER BY x.id)) FROM incident x
          UNION ALL SELECT 'support_measure', md5(string_agg(x::text, '|' ORDER BY x.id)) FROM support_measure x
          UNION ALL SELECT 'application', md5(string_agg(x::text, '|' ORDER BY x.id)) FROM application x
          UNION ALL SELECT 'recognition', md5(string_agg(x::text, '|' ORDER BY x.id)) FROM recognition x
          UNION ALL SELECT 'review', md5(string_agg(x::text, '|' ORDER BY x.id)) FROM review x
          UNION ALL SELECT 'change_filing', md5(string_agg(x::text, '|' ORDER BY x.id)) FROM change_filing x
          UNION ALL SELECT 'annual_report', md5(string_agg(x::text, '|' ORDER BY x.id)) FROM annual_report x
          UNION ALL SELECT 'monitoring_check', md5(string_agg(x::text, '|' ORDER BY x.id)) FROM monitoring_check x
          UNION ALL SELECT 'revocation', md5(string_agg(x::text, '|' ORDER BY x.id)) FROM revocation x
        ) f
        """

    @Test("the same seed gives the same rows in every table; another seed gives other rows")
    func deterministic() async throws {
        async let a = ProjectDatabase.seeded("seed_a")
        async let b = ProjectDatabase.seeded("seed_b")
        async let c = ProjectDatabase.seeded("seed_c", seed: 7)
        let databases = try await [a, b, c]
        var prints: [String] = []
        for database in databases {
            prints.append(try await ProjectDatabase.withConnection(database) { try $0.query(Self.fingerprintSQL).scalar ?? "" })
        }
        #expect(prints[0].split(separator: " ").count == 14)
        #expect(prints[0] == prints[1])
        #expect(prints[0] != prints[2])
    }

    @Test("scale 1 is the province a dashboard expects")
    func provinceShape() async throws {
        let database = try await ProjectDatabase.seeded("shape")
        let row = try await ProjectDatabase.withConnection(database) { connection in
            try connection.query("""
                SELECT
                  (SELECT count(DISTINCT r.cluster_id) FROM recognition r JOIN application a ON a.id = r.application_id
                    WHERE a.round_year BETWEEN 2023 AND 2025) AS recognised_in_rounds,
                  (SELECT count(DISTINCT k.prefecture_code) FROM cluster c JOIN county k ON k.code = c.applicant_county_code) AS prefectures,
                  (SELECT count(*) FROM enterprise) AS enterprises,
                  (SELECT count(*) FROM cluster WHERE status_code = 'CULTIVATING') AS pool,
                  (SELECT count(*) FROM cluster WHERE status_code IN ('EXPIRED', 'REVOKED', 'REJECTED')) AS ended,
                  (SELECT count(*) FROM (SELECT cluster_id FROM cluster_county GROUP BY 1 HAVING count(*) > 1) x) AS cross_county,
                  (SELECT count(*) FROM support_measure) AS measures,
                  (SELECT min(year)::text || '-' || max(year)::text FROM cluster_indicator) AS indicator_years,
                  (SELECT count(*) FROM annual_report WHERE submitted_on > due_on) AS late_reports,
                  (SELECT count(*) FROM change_filing WHERE filed_on IS NULL) AS unfiled_changes,
                  (SELECT count(*) FROM incident i JOIN incident_kind k ON k.code = i.kind_code
                     LEFT JOIN incident_grade g ON g.code = i.grade_code
                     LEFT JOIN incident_grade d ON d.code = k.disqualifying_grade_code
                    WHERE NOT k.is_graded OR g.rank >= d.rank) AS disqualifying_incidents,
                  (SELECT count(*) FROM cluster WHERE NOT is_sample) AS non_sample_clusters,
                  (SELECT kind FROM data_set WHERE code = 'sample') AS sample_note,
                  (SELECT count(*) FROM cluster WHERE public_source IS NOT NULL AND status_code = 'RECOGNIZED') AS proposed_claimed_recognised
                """)
        }
        let value = { (column: String) in Int(row[0, column] ?? "") ?? -1 }
        #expect(value("recognised_in_rounds") >= 30)
        #expect(value("recognised_in_rounds") <= 34)
        #expect(value("prefectures") == 9)
        #expect((2000...4000).contains(value("enterprises")))
        #expect(value("pool") >= 5)
        #expect(value("ended") >= 2)
        #expect(value("cross_county") >= 3)
        #expect((150...600).contains(value("measures")))
        #expect(row[0, "indicator_years"] == "2020-2025")
        #expect(value("late_reports") >= 1)
        #expect(value("unfiled_changes") >= 1)
        #expect(value("disqualifying_incidents") >= 1)
        #expect(value("non_sample_clusters") == 0)
        #expect(row[0, "sample_note"] == "sample")
        #expect(value("proposed_claimed_recognised") == 0)
    }

    @Test("every enterprise's credit code passes the database's GB 32100 check, qualifications are plausible")
    func enterprisesAreConsistent() async throws {
        let database = try await ProjectDatabase.seeded("enterprises")
        let row = try await ProjectDatabase.withConnection(database) { connection in
            try connection.query("""
                SELECT (SELECT count(*) FROM enterprise WHERE NOT is_valid_credit_code(credit_code)),
                       (SELECT count(*) FROM enterprise e JOIN cluster_county cc ON cc.cluster_id = e.cluster_id
                                                         AND cc.county_code = e.county_code),
                       (SELECT count(*) FROM enterprise WHERE cluster_id IS NOT NULL),
                       (SELECT count(*) FROM qualification WHERE kind_code = 'LITTLE_GIANT'),
                       (SELECT count(*) FROM qualification WHERE kind_code = 'INNOVATIVE_SME'),
                       (SELECT count(DISTINCT kind_code) FROM qualification)
                """)
        }
        #expect(row[0, 0] == "0")
        #expect(row[0, 1] == row[0, 2])
        let littleGiants = Int(row[0, 3] ?? "") ?? 0
        let innovative = Int(row[0, 4] ?? "") ?? 0
        #expect(littleGiants > 0 && littleGiants < innovative)
        #expect(row[0, 5] == "8")
    }

    @Test("seeding twice is refused unless replacing, and replacing gives the same data")
    func replace() async throws {
        let database = try await ProjectDatabase.seeded("replace")
        let outcome = try await ProjectDatabase.withConnection(database) { connection -> (String, String, String) in
            let before = try connection.query(Self.fingerprintSQL).scalar ?? ""
            var refusal = ""
            do {
                try SampleDataGenerator().load(into: connection, logger: TestLogging.logger)
            } catch let error as SampleDataError {
                refusal = error.description
            }
            try SampleDataGenerator(replace: true).load(into: connection, logger: TestLogging.logger)
            let after = try connection.query(Self.fingerprintSQL).scalar ?? ""
            return (before, refusal, after)
        }
        #expect(outcome.1.contains("--replace"))
        #expect(outcome.0 == outcome.2)
    }

    @Test("replacing refuses to delete rows that are not sample data")
    func replaceKeepsRealData() async throws {
        let database = try await ProjectDatabase.seeded("keep")
        let (error, kept) = try await ProjectDatabase.withConnection(database) { connection -> (String, String?) in
            try connection.execute("UPDATE cluster SET is_sample = false WHERE id = 1")
            var message = ""
            do {
                try SampleDataGenerator(replace: true).load(into: connection, logger: TestLogging.logger)
            } catch let error as SampleDataError {
                message = error.description
            }
            return (message, try connection.query("SELECT count(*) FROM cluster WHERE NOT is_sample").scalar)
        }
        #expect(error.contains("not sample data"))
        #expect(kept == "1")
    }

    @Test("scale 2 doubles the generated clusters and enterprises and keeps keys usable")
    func scaleTwo() async throws {
        let database = try await ProjectDatabase.seeded("scale2", scale: 2)
        let row = try await ProjectDatabase.withConnection(database) { connection in
            try connection.query("""
                SELECT (SELECT count(*) FROM cluster WHERE public_source IS NULL),
                       (SELECT count(*) FROM cluster WHERE public_source IS NOT NULL),
                       (SELECT count(*) FROM enterprise),
                       (SELECT nextval(pg_get_serial_sequence('enterprise', 'id')) > max(id) FROM enterprise)
                """)
        }
        #expect(row[0, 0] == "92")
        #expect(row[0, 1] == "7")
        #expect((4000...8000).contains(Int(row[0, 2] ?? "") ?? 0))
        #expect(row[0, 3] == "t")
    }
}
