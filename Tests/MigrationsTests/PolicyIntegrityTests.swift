import Foundation
import Postgres
import TestSupport
import Testing

/// The database refuses what the measures do not allow (issue 14): a cluster over counties that are not adjacent
/// (Art. 2), a recognition that skipped a stage of the process (Art. 14-15), a re-review before expiry, through
/// another prefecture or of a revoked recognition (Art. 16, 19). And the reference and sample data are honest.
@Suite("Policy integrity in the database")
struct PolicyIntegrityTests {
    private static func cluster(_ counties: [(String, Int)], id: Int = 900) -> String {
        """
        INSERT INTO cluster (id, code, name, name_en, leading_industry, applicant_county_code, status_code)
        VALUES (\(id), 'GZTS-TEST-\(id)', '测试集群\(id)', 'Test cluster', '白酒', '\(counties[0].0)', 'CULTIVATING');
        INSERT INTO cluster_county VALUES \(counties.map { "(\(id), '\($0.0)', \($0.1))" }.joined(separator: ", "));

        """
    }

    // MARK: - Art. 2: adjacent counties

    @Test("county adjacency: the table matches sql/data/county_adjacency.csv both ways, with known neighbours and non-neighbours")
    func adjacencyMatchesCSV() async throws {
        let database = try await ProjectDatabase.migrated("integrity")
        let csv = try String(contentsOf: Repository.url("sql/data/county_adjacency.csv"), encoding: .utf8)
        var expected = Set<String>()
        for line in csv.split(whereSeparator: \.isNewline).dropFirst() {
            let fields = line.split(separator: ",").map(String.init)
            guard fields.count == 3 else { continue }
            expected.insert("\(fields[0])|\(fields[1])|\(fields[2])")
            expected.insert("\(fields[1])|\(fields[0])|\(fields[2])")
        }
        let rows = try await ProjectDatabase.withConnection(database) { connection in
            try connection.query("SELECT county_code || '|' || neighbour_code || '|' || shared_border_km FROM county_adjacency")
        }
        let actual = Set((0..<rows.count).compactMap { rows[$0, 0] })
        #expect(expected.count == 456, "228 pairs, stored both ways")
        #expect(actual == expected)
        // 南明区 borders 云岩区; 仁怀市 does not border 都匀市; every county has a neighbour.
        #expect(actual.contains { $0.hasPrefix("520102|520103|") })
        #expect(!actual.contains { $0.hasPrefix("520382|522701|") })
        let lonely = try await ProjectDatabase.withConnection(database) { connection in
            try connection.query("SELECT count(*) FROM county k WHERE NOT EXISTS (SELECT 1 FROM county_adjacency a WHERE a.county_code = k.code)").scalar
        }
        #expect(lonely == "0")
    }

    @Test("Art. 2: a cluster's counties must be connected through shared borders, checked at commit")
    func adjacentCounties() async throws {
        let database = try await ProjectDatabase.migrated("integrity")
        // 仁怀市 and 都匀市 are far apart.
        let apart = try await attempt(Self.cluster([("520382", 60), ("522701", 40)]), in: database)
        #expect(apart?.constraint == "cluster_counties_adjacent")
        #expect(apart?.message.contains("都匀市") == true, "\(apart?.message ?? "")")
        // 白云区 – 云岩区 – 南明区 is a chain: connected, though 白云 and 南明 do not share a border.
        #expect(try await attempt(Self.cluster([("520113", 50), ("520103", 30), ("520102", 20)]), in: database) == nil)
        // Without the middle county the chain breaks.
        let broken = try await attempt(Self.cluster([("520113", 50), ("520103", 30), ("520102", 20)]) + """
            DELETE FROM cluster_county WHERE cluster_id = 900 AND county_code = '520103';
            UPDATE cluster_county SET output_share = 80 WHERE cluster_id = 900 AND county_code = '520113';
            """, in: database)
        #expect(broken?.constraint == "cluster_counties_adjacent")
        // One county is always fine; so are the multi-county sample clusters (they load in every seeded test).
        #expect(try await attempt(Self.cluster([("522701", 100)]), in: database) == nil)
    }

    // MARK: - Art. 14-16, 19: the process in order

    private static let round = """
        INSERT INTO application_round VALUES (2023, '测试通知', '2023-04-01', '2023-06-30', 'MIIT-2022', NULL, true);

        """

    /// An application of cluster 900 with every stage up to `upTo` (1 first review … 4 public notice), decided
    /// `outcome` on `decided` when not PENDING.
    private static func application(upTo stage: Int, outcome: String, decided: String? = "2023-08-25", id: Int = 1) -> String {
        let dates = ["'2023-05-20'", "'2023-06-20'", "'2023-07-20'", "'2023-07-31'", "'2023-08-04'"]
        func at(_ level: Int, _ index: Int) -> String { stage >= level ? dates[index] : "NULL" }
        return """
            INSERT INTO application (id, round_year, cluster_id, applicant_county_code, prefecture_code, submitted_on,
                                     first_review_on, recommended_on, provincial_review_on, public_notice_from,
                                     public_notice_to, decided_on, outcome_code)
            VALUES (\(id), 2023, 900, '520382', '520300', '2023-05-10', \(at(1, 0)), \(at(2, 1)), \(at(3, 2)), \(at(4, 3)),
                    \(at(4, 4)), \(outcome == "PENDING" ? "NULL" : "'\(decided ?? "")'"), '\(outcome)');

            """
    }

    @Test("Art. 14-15: approval needs every stage in order; a recognition needs an approved application and follows the notice")
    func processInOrder() async throws {
        let database = try await ProjectDatabase.migrated("integrity")
        let base = Self.cluster([("520382", 100)]) + Self.round
        // The whole process, then recognition after the notice ended: accepted.
        let complete = base + Self.application(upTo: 4, outcome: "APPROVED")
            + "INSERT INTO recognition (id, cluster_id, application_id, recognized_on) VALUES (1, 900, 1, '2023-08-25');"
        #expect(try await attempt(complete, in: database) == nil)
        // Approved with every stage dated but the prefecture's recommendation: refused (accepted before migration 0016).
        let unrecommended = try await attempt(base + Self.application(upTo: 4, outcome: "APPROVED")
            .replacingOccurrences(of: "'2023-05-20', '2023-06-20',", with: "'2023-05-20', NULL,"), in: database)
        #expect(["application_provincial_review_needs_recommendation", "application_approved_after_every_stage"]
            .contains(unrecommended?.constraint ?? "accepted"), "\(unrecommended?.message ?? "accepted")")
        // Approved with no stage after the first review at all: refused too.
        #expect(try await attempt(base + Self.application(upTo: 1, outcome: "APPROVED"), in: database) != nil)
        // A provincial review of an application the prefecture never recommended: refused.
        let skipped = try await attempt(base + """
            INSERT INTO application (round_year, cluster_id, applicant_county_code, prefecture_code, submitted_on, first_review_on, provincial_review_on)
            VALUES (2023, 900, '520382', '520300', '2023-05-10', '2023-05-20', '2023-07-20');
            """, in: database)
        #expect(skipped?.constraint == "application_provincial_review_needs_recommendation")
        // Decided on the notice's last day, before it had ended: refused.
        let early = try await attempt(base + Self.application(upTo: 4, outcome: "APPROVED", decided: "2023-08-04"), in: database)
        #expect(early?.constraint == "application_approved_after_every_stage")
        // A recognition resting on a pending or a rejected application: refused at commit.
        for outcome in ["PENDING", "REJECTED"] {
            let error = try await attempt(base + Self.application(upTo: 4, outcome: outcome)
                + "INSERT INTO recognition (id, cluster_id, application_id, recognized_on) VALUES (1, 900, 1, '2023-08-25');", in: database)
            #expect(error?.constraint == "recognition_application_approved", "\(outcome): \(error?.message ?? "accepted")")
        }
        // A recognition dated before the decision: refused.
        let backdated = try await attempt(base + Self.application(upTo: 4, outcome: "APPROVED")
            + "INSERT INTO recognition (id, cluster_id, application_id, recognized_on) VALUES (1, 900, 1, '2023-08-24');", in: database)
        #expect(backdated?.constraint == "recognition_after_notice")
        // Un-approving an application a recognition rests on: refused at commit.
        let unapproved = try await attempt(complete + """
            UPDATE application SET outcome_code = 'REJECTED' WHERE id = 1;
            """, in: database)
        #expect(unapproved?.constraint == "recognition_application_approved")
    }

    @Test("Art. 16: a re-review is requested after the last valid day, through the cluster's prefecture, of an unrevoked recognition")
    func reviewAfterExpiry() async throws {
        let database = try await ProjectDatabase.migrated("integrity")
        // Recognised 2023-08-25: valid through 2026-08-25.
        let recognised = Self.cluster([("520382", 100)]) + Self.round + Self.application(upTo: 4, outcome: "APPROVED")
            + "INSERT INTO recognition (id, cluster_id, application_id, recognized_on) VALUES (1, 900, 1, '2023-08-25');\n"
        let review = { (day: String, prefecture: String) in
            "INSERT INTO review (id, cluster_id, recognition_id, prefecture_code, requested_on) VALUES (1, 900, 1, '\(prefecture)', '\(day)');\n"
        }
        let onLastDay = try await attempt(recognised + review("2026-08-25", "520300"), in: database)
        #expect(onLastDay?.constraint == "review_after_validity")
        #expect(try await attempt(recognised + review("2026-08-26", "520300"), in: database) == nil)
        let elsewhere = try await attempt(recognised + review("2026-08-26", "520100"), in: database)
        #expect(elsewhere?.constraint == "review_through_cluster_prefecture")
        // Revoked within its validity: it cannot be renewed; the cluster must apply again.
        let revoked = recognised + "INSERT INTO revocation (cluster_id, recognition_id, ground_code, revoked_on) VALUES (900, 1, 'REPORTING_FAILURE', '2025-06-01');\n"
        let renewal = try await attempt(revoked + review("2026-08-26", "520300"), in: database)
        #expect(renewal?.constraint == "review_of_unrevoked_recognition")
        // And a recognition already re-reviewed is not revoked afterwards (its renewal would be).
        let late = try await attempt(recognised + review("2026-08-26", "520300")
            + "INSERT INTO revocation (cluster_id, recognition_id, ground_code, revoked_on) VALUES (900, 1, 'REPORTING_FAILURE', '2025-06-01');", in: database)
        #expect(late?.constraint == "revocation_before_review")
        // A renewal rests on an approved re-review, dated on or after its decision.
        let pendingRenewal = try await attempt(recognised + review("2026-08-26", "520300")
            + "INSERT INTO recognition (id, cluster_id, review_id, recognized_on) VALUES (2, 900, 1, '2026-10-01');", in: database)
        #expect(pendingRenewal?.constraint == "recognition_review_approved")
    }

    @Test("Civil Code Art. 201-202: a recognition of 29 February is valid through 28 February three years on")
    func leapDay() async throws {
        let database = try await ProjectDatabase.migrated("integrity")
        let rows = try await ProjectDatabase.withConnection(database) { connection -> [String?] in
            try connection.execute("BEGIN")
            defer { _ = try? connection.execute("ROLLBACK") }
            try connection.execute(Self.cluster([("520382", 100)]) + """
                INSERT INTO application_round VALUES (2024, '测试通知', '2024-01-02', '2024-01-31', 'MIIT-2022', NULL, true);
                INSERT INTO application (id, round_year, cluster_id, applicant_county_code, prefecture_code, submitted_on,
                    first_review_on, recommended_on, provincial_review_on, public_notice_from, public_notice_to, decided_on, outcome_code)
                VALUES (1, 2024, 900, '520382', '520300', '2024-01-05', '2024-01-10', '2024-01-20', '2024-02-01', '2024-02-05',
                        '2024-02-09', '2024-02-29', 'APPROVED');
                INSERT INTO recognition (id, cluster_id, application_id, recognized_on) VALUES (1, 900, 1, '2024-02-29');
                """)
            let answer = try connection.query("""
                SELECT valid_until::text, (SELECT status FROM clusters_status_on('2027-02-28') WHERE cluster_id = 900),
                       (SELECT status FROM clusters_status_on('2027-03-01') WHERE cluster_id = 900)
                FROM recognition WHERE id = 1
                """)
            return [answer[0, 0], answer[0, 1], answer[0, 2]]
        }
        #expect(rows == ["2027-02-28", "RECOGNIZED", "EXPIRED"])
    }

    @Test("a recognised cluster that applies again stays RECOGNIZED while valid, with the application visible")
    func applyingWhileRecognised() async throws {
        let database = try await ProjectDatabase.migrated("integrity")
        let statuses = try await ProjectDatabase.withConnection(database) { connection -> [String?] in
            try connection.execute("BEGIN")
            defer { _ = try? connection.execute("ROLLBACK") }
            try connection.execute(Self.cluster([("520382", 100)]) + Self.round + Self.application(upTo: 4, outcome: "APPROVED") + """
                INSERT INTO recognition (id, cluster_id, application_id, recognized_on) VALUES (1, 900, 1, '2023-08-25');
                INSERT INTO application_round VALUES (2026, '测试通知', '2026-04-01', '2026-06-30', 'MIIT-2022', NULL, true);
                INSERT INTO application (id, round_year, cluster_id, applicant_county_code, prefecture_code, submitted_on)
                VALUES (2, 2026, 900, '520382', '520300', '2026-05-10');
                """)
            // Valid through 2026-08-25; the new application is undecided from 2026-05-10.
            let answer = try connection.query("""
                SELECT (SELECT status FROM clusters_status_on('2026-05-10') WHERE cluster_id = 900),
                       (SELECT status FROM clusters_status_on('2026-08-25') WHERE cluster_id = 900),
                       (SELECT status FROM clusters_status_on('2026-08-26') WHERE cluster_id = 900)
                """)
            return [answer[0, 0], answer[0, 1], answer[0, 2]]
        }
        #expect(statuses == ["RECOGNIZED", "RECOGNIZED", "APPLYING"])
    }

    // MARK: - Reference and sample honesty

    @Test("the six industrial bases carry the names official sources give them since 2023")
    func sixBases() async throws {
        let database = try await ProjectDatabase.migrated("integrity")
        let names = try await ProjectDatabase.withConnection(database) { connection in
            try connection.query("SELECT string_agg(name, ',' ORDER BY rank) FROM industrial_base").scalar
        }
        #expect(names == "新型综合能源基地,全国重要的资源精深加工基地,新能源动力电池及材料研发生产基地,面向全国的算力保障基地,全国重要的白酒生产基地,全国重要的产业备份基地")
    }

    @Test("generated enterprises are marked as samples: every name ends （样例）, every credit code is under an authority no real one uses")
    func sampleEnterprisesMarked() async throws {
        let database = try await ProjectDatabase.seeded("integrity")
        let answer = try await ProjectDatabase.withConnection(database) { connection in
            try connection.query("""
                SELECT count(*), count(*) FILTER (WHERE name LIKE '%（样例）'),
                       count(*) FILTER (WHERE credit_code LIKE 'X1%' AND is_valid_credit_code(credit_code)),
                       count(*) FILTER (WHERE credit_code LIKE '9%')
                FROM enterprise
                """)
        }
        let total = try #require(answer[0, 0].flatMap { Int($0) })
        #expect(total > 1000)
        #expect(answer[0, 1] == String(total))
        #expect(answer[0, 2] == String(total))
        #expect(answer[0, 3] == "0")
    }
}
