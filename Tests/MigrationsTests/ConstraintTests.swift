import Postgres
import TestSupport
import Testing

/// Bad rows are refused by the database itself, with the constraint named, whatever client writes them.
@Suite("Constraints")
struct ConstraintTests {
    private static let cluster = """
        INSERT INTO cluster (id, code, name, name_en, leading_industry, applicant_county_code, status_code)
        VALUES (900, 'GZTS-TEST-01', '测试集群', 'Test cluster', '白酒', '520382', 'CULTIVATING');
        """

    @Test("a credit code with a wrong check character is refused; a real one is accepted")
    func creditCodeCheckCharacter() async throws {
        let database = try await ProjectDatabase.migrated("constraints")
        let insert = { (code: String) in
            """
            INSERT INTO enterprise (credit_code, name, county_code, size_code, founded_on)
            VALUES ('\(code)', '测试企业', '520382', 'SMALL', '2010-01-01');
            """
        }
        // 91520000214434146R is a real, published code; changing its last character breaks the check.
        #expect(try await attempt(insert("91520000214434146R"), in: database) == nil)
        let wrong = try await attempt(insert("91520000214434146A"), in: database)
        #expect(wrong?.sqlState == .checkViolation)
        #expect(wrong?.constraint == "enterprise_credit_code_valid")
        let short = try await attempt(insert("9152000021443414"), in: database)
        #expect(short?.constraint == "enterprise_credit_code_valid")
        let forbiddenLetter = try await attempt(insert("91520000214434I46R"), in: database)
        #expect(forbiddenLetter?.constraint == "enterprise_credit_code_valid")
    }

    @Test("county shares of a cluster must sum to 100 and include the applicant county")
    func sharesSumTo100() async throws {
        let database = try await ProjectDatabase.migrated("constraints")
        let ok = try await attempt(Self.cluster + """
            INSERT INTO cluster_county VALUES (900, '520382', 70), (900, '520330', 30);
            """, in: database)
        #expect(ok == nil)
        let short = try await attempt(Self.cluster + """
            INSERT INTO cluster_county VALUES (900, '520382', 70), (900, '520330', 20);
            """, in: database)
        #expect(short?.sqlState == .checkViolation)
        #expect(short?.constraint == "cluster_county_shares_sum_to_100")
        #expect(short?.message.contains("90") == true)
        let none = try await attempt(Self.cluster, in: database)
        #expect(none?.constraint == "cluster_county_required")
        let elsewhere = try await attempt(Self.cluster + """
            INSERT INTO cluster_county VALUES (900, '520330', 100);
            """, in: database)
        #expect(elsewhere?.constraint == "cluster_applicant_in_counties")
    }

    @Test("an unknown county is refused by its foreign key")
    func unknownCounty() async throws {
        let database = try await ProjectDatabase.migrated("constraints")
        let error = try await attempt(Self.cluster + """
            INSERT INTO cluster_county VALUES (900, '520382', 60), (900, '529999', 40);
            """, in: database)
        #expect(error?.sqlState == .foreignKeyViolation)
        #expect(error?.constraint == "cluster_county_county_code_fkey")
    }

    @Test("a negative amount and a grant without an amount are refused")
    func supportAmounts() async throws {
        let database = try await ProjectDatabase.migrated("constraints")
        let setup = Self.cluster + "INSERT INTO cluster_county VALUES (900, '520382', 100);"
        let measure = { (kind: String, amount: String) in
            """
            INSERT INTO support_measure (cluster_id, fund_code, granting_level_code, kind_code, direction_code,
                                         amount_yuan, year, title)
            VALUES (900, 'SME_DEVELOPMENT_FUND', 'PROVINCIAL', '\(kind)', 'DIGITAL', \(amount), 2025, '测试');
            """
        }
        #expect(try await attempt(setup + measure("GRANT", "1500000.00"), in: database) == nil)
        let negative = try await attempt(setup + measure("GRANT", "-1.00"), in: database)
        #expect(negative?.sqlState == .checkViolation)
        #expect(negative?.constraint == "support_measure_amount_not_negative")
        let missing = try await attempt(setup + measure("GRANT", "NULL"), in: database)
        #expect(missing?.constraint == "support_measure_amount_required")
        let serviceWithMoney = try await attempt(setup + measure("SERVICE", "100.00"), in: database)
        #expect(serviceWithMoney?.constraint == "support_measure_amount_not_applicable")
    }

    @Test("stage dates of an application must follow the process order")
    func applicationStageOrder() async throws {
        let database = try await ProjectDatabase.migrated("constraints")
        let setup = Self.cluster + """
            INSERT INTO cluster_county VALUES (900, '520382', 100);
            INSERT INTO application_round VALUES (2025, '测试通知', '2025-04-01', '2025-06-30', 'MIIT-2022', NULL, true);
            """
        let backwards = try await attempt(setup + """
            INSERT INTO application (round_year, cluster_id, applicant_county_code, prefecture_code, submitted_on, first_review_on)
            VALUES (2025, 900, '520382', '520300', '2025-05-10', '2025-05-01');
            """, in: database)
        #expect(backwards?.constraint == "application_first_review_after_submission")
        let wrongPrefecture = try await attempt(setup + """
            INSERT INTO application (round_year, cluster_id, applicant_county_code, prefecture_code, submitted_on)
            VALUES (2025, 900, '520382', '520100', '2025-05-10');
            """, in: database)
        #expect(wrongPrefecture?.sqlState == .foreignKeyViolation)
    }

    @Test("a revocation must fall within the recognition's 3-year validity")
    func revocationWithinValidity() async throws {
        let database = try await ProjectDatabase.migrated("constraints")
        let setup = Self.cluster + """
            INSERT INTO cluster_county VALUES (900, '520382', 100);
            INSERT INTO application_round VALUES (2023, '测试通知', '2023-04-01', '2023-06-30', 'MIIT-2022', NULL, true);
            INSERT INTO application (id, round_year, cluster_id, applicant_county_code, prefecture_code, submitted_on,
                                     first_review_on, recommended_on, provincial_review_on, public_notice_from,
                                     public_notice_to, decided_on, outcome_code)
            VALUES (1, 2023, 900, '520382', '520300', '2023-05-10', '2023-05-20', '2023-06-20', '2023-07-20',
                    '2023-07-31', '2023-08-04', '2023-08-25', 'APPROVED');
            INSERT INTO recognition (id, cluster_id, application_id, recognized_on) VALUES (1, 900, 1, '2023-08-25');
            """
        let validUntil = try await ProjectDatabase.withConnection(database) { connection -> String? in
            try connection.execute("BEGIN")
            defer { _ = try? connection.execute("ROLLBACK") }
            try connection.execute(setup)
            return try connection.query("SELECT valid_until::text FROM recognition WHERE id = 1").scalar
        }
        #expect(validUntil == "2026-08-25")
        let inside = try await attempt(setup + """
            INSERT INTO revocation (cluster_id, recognition_id, ground_code, revoked_on) VALUES (900, 1, 'UNFILED_MAJOR_CHANGE', '2025-01-10');
            """, in: database)
        #expect(inside == nil)
        // The last valid day (2026-08-25, Civil Code Art. 201-202) is still within the validity; the next is not.
        let lastDay = try await attempt(setup + """
            INSERT INTO revocation (cluster_id, recognition_id, ground_code, revoked_on) VALUES (900, 1, 'UNFILED_MAJOR_CHANGE', '2026-08-25');
            """, in: database)
        #expect(lastDay == nil)
        let after = try await attempt(setup + """
            INSERT INTO revocation (cluster_id, recognition_id, ground_code, revoked_on) VALUES (900, 1, 'UNFILED_MAJOR_CHANGE', '2026-08-26');
            """, in: database)
        #expect(after?.constraint == "revocation_within_validity")
    }
}
