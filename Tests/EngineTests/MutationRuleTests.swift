import Engine
import Foundation
import Planner
import Postgres
import TestSupport
import Testing

/// Issue 20: the steps after recognition (re-review, revocation, reports, changes), support and incidents, each at
/// its rule's edge, and the audit log's protection in SQL.
extension MutationTests {
@Suite("Mutations after recognition")
struct MutationRuleTests {
    static let province = Principal(role: .provinceOfficer, subject: "jwt:province-officer")

    @Test("a revocation needs a ground the records show that day; two at once on one version: one revokes, one CONFLICT")
    func revocation() async throws {
        let service = try await MutationFixture.shared.service()
        // A recognition in force on the day with a ground of Art. 19 in its risks, and a ground it does not have.
        let row = try #require(try await MutationFixture.shared.rows("""
            SELECT c.code, r.recognition_id, r.ground_code, g.code
            FROM cluster c CROSS JOIN LATERAL cluster_revocation_risks(c.id, $1::date) r
            CROSS JOIN LATERAL (SELECT code FROM revocation_ground WHERE code NOT IN
                (SELECT ground_code FROM cluster_revocation_risks(c.id, $1::date)) ORDER BY code LIMIT 1) g
            ORDER BY c.code LIMIT 1
            """, [MutationFixture.today]).first)
        let (code, recognition, ground, absent) = (try #require(row[0]), try #require(row[1]), try #require(row[2]), try #require(row[3]))
        let id = GlobalIDText.of("Recognition", Int(recognition) ?? 0)
        let version = try #require(try await MutationFixture.shared.scalar("SELECT version FROM recognition WHERE id = $1", [recognition]))
        func revoke(_ ground: String, on day: String = MutationFixture.today) async -> Answer {
            await service.ask(Self.province, """
                mutation { revokeRecognition(input: {recognitionId: "\(id)", expectedVersion: \(version), ground: \(ground), revokedOn: "\(day)", noticeNo: "样例撤销-1", note: "依据记录"}) {
                  revocation { ground revokedOn } recognition { version revocation { ground } } cluster { code status } } }
                """)
        }
        let unfounded = await revoke(absent)
        #expect(unfounded.code == "POLICY_VIOLATION" && unfounded.article == "Art. 19" && unfounded.rule == "revocation_ground_established",
                "\(unfounded)")
        async let first = revoke(ground)
        async let second = revoke(ground)
        let race = await [first, second]
        #expect(race.filter { $0.errors.isEmpty }.count == 1, "\(race)")
        #expect(race.filter { $0.code == "CONFLICT" }.count == 1, "\(race)")
        let revoked = try #require(race.first { $0.errors.isEmpty })
        #expect(revoked.string("revokeRecognition", "revocation", "ground") == ground)
        #expect(revoked.string("revokeRecognition", "cluster", "status") == "REVOKED")
        #expect(revoked.string("revokeRecognition", "cluster", "code") == code)
        #expect(revoked.int("revokeRecognition", "recognition", "version") == (Int(version) ?? 0) + 1)
    }

    @Test("a re-review: requested through the cluster's prefecture after the validity, decided by the province, renewing the recognition")
    func review() async throws {
        let service = try await MutationFixture.shared.service()
        let row = try #require(try await MutationFixture.shared.rows("""
            SELECT c.code, k.prefecture_code, r.valid_until::text
            FROM cluster c JOIN county k ON k.code = c.applicant_county_code
            JOIN clusters_status_on($1::date) s ON s.cluster_id = c.id AND s.status = 'EXPIRED'
            JOIN LATERAL (SELECT valid_until FROM recognition WHERE cluster_id = c.id ORDER BY recognized_on DESC LIMIT 1) r ON true
            ORDER BY c.code LIMIT 1
            """, [MutationFixture.today]).first)
        let (code, prefectureCode, validUntil) = (try #require(row[0]), try #require(row[1]), try #require(row[2]))
        let prefecture = Principal.scoped(role: .prefectureOfficer, scope: prefectureCode, subject: "key:p")
        let stranger = Principal.scoped(role: .prefectureOfficer, scope: MutationProcessTests.otherPrefecture(than: prefectureCode),
                                        subject: "key:q")
        func request(_ principal: Principal, on day: String) async -> Answer {
            await service.ask(principal, """
                mutation { requestReview(input: {clusterCode: "\(code)", requestedOn: "\(day)"}) { review { id version outcome } recognition { validUntil } cluster { status } } }
                """)
        }
        // On the last valid day: too early; through another prefecture: refused; the day after, through its own: recorded.
        let early = await request(prefecture, on: validUntil)
        #expect(early.code == "POLICY_VIOLATION" && early.article == "Art. 16" && early.rule == "review_after_validity", "\(early)")
        let foreign = await request(stranger, on: MutationProcessTests.day(validUntil, plus: 1))
        #expect(foreign.code == "POLICY_VIOLATION" && foreign.rule == "scope", "\(foreign)")
        let requested = await request(prefecture, on: MutationProcessTests.day(validUntil, plus: 1))
        #expect(requested.errors.isEmpty, "\(requested)")
        let reviewID = try #require(requested.string("requestReview", "review", "id"))
        let decidedOn = MutationProcessTests.day(validUntil, plus: 30) < MutationFixture.today
            ? MutationProcessTests.day(validUntil, plus: 30) : MutationFixture.today
        let decided = await service.ask(Self.province, """
            mutation { decideReview(input: {reviewId: "\(reviewID)", expectedVersion: 1, outcome: APPROVED, decidedOn: "\(decidedOn)", noticeNo: "样例复核-1"}) {
              review { outcome decidedOn version renewal { recognizedOn } } recognition { recognizedOn } cluster { status } } }
            """)
        #expect(decided.errors.isEmpty, "\(decided)")
        #expect(decided.string("decideReview", "review", "outcome") == "APPROVED")
        #expect(decided.string("decideReview", "recognition", "recognizedOn") == decidedOn)
        #expect(decided.string("decideReview", "cluster", "status") == "RECOGNIZED")
        let again = await service.ask(Self.province, """
            mutation { decideReview(input: {reviewId: "\(reviewID)", expectedVersion: 2, outcome: REJECTED, decidedOn: "\(decidedOn)"}) { review { outcome } } }
            """)
        #expect(again.code == "POLICY_VIOLATION" && again.rule == "review_decided_once", "\(again)")
    }

    @Test("an annual report once its year has ended: refused on 31 December, filed on 1 January; changes of a recognised cluster")
    func reportsAndChanges() async throws {
        // A cluster recognised in 2026 (the walk-through's, or any): its 2026 report is owed from 2027.
        let row = try #require(try await MutationFixture.shared.rows("""
            SELECT c.code, k.prefecture_code FROM cluster c JOIN county k ON k.code = c.applicant_county_code
            WHERE EXISTS (SELECT 1 FROM clusters_valid_on('2026-12-31') v WHERE v.cluster_id = c.id)
              AND NOT EXISTS (SELECT 1 FROM annual_report a WHERE a.cluster_id = c.id AND a.year = 2026)
            ORDER BY c.code LIMIT 1
            """).first)
        let (code, prefectureCode) = (try #require(row[0]), try #require(row[1]))
        let prefecture = Principal.scoped(role: .prefectureOfficer, scope: prefectureCode, subject: "key:p")
        func report(on day: String, service: QueryService) async -> Answer {
            await service.ask(prefecture, """
                mutation { fileAnnualReport(input: {clusterCode: "\(code)", year: 2026, submittedOn: "\(day)", summary: "样例"}) { annualReport { year dueOn submittedOn } cluster { code } } }
                """)
        }
        let yearEnd = try await MutationFixture.shared.service(today: "2026-12-31")
        let onLastDay = await report(on: "2026-12-31", service: yearEnd)
        #expect(onLastDay.code == "POLICY_VIOLATION" && onLastDay.article == "Art. 18" && onLastDay.rule == "report_after_year_end", "\(onLastDay)")
        let nextYear = try await MutationFixture.shared.service(today: "2027-01-01")
        let filed = await report(on: "2027-01-01", service: nextYear)
        #expect(filed.errors.isEmpty, "\(filed)")
        #expect(filed.string("fileAnnualReport", "annualReport", "dueOn") == "2027-03-10")
        let twice = await report(on: "2027-01-01", service: nextYear)
        #expect(twice.code == "CONFLICT", "\(twice)")

        let service = try await MutationFixture.shared.service()
        let change = await service.ask(prefecture, """
            mutation { fileChange(input: {clusterCode: "\(code)", kind: OPERATING_BODY, changedOn: "2026-11-01", filedOn: "2026-11-20", oldValue: "甲", newValue: "乙"}) {
              changeFiling { filedOn dueOn } } }
            """)
        #expect(change.errors.isEmpty, "\(change)")
        #expect(change.string("fileChange", "changeFiling", "dueOn") == "2026-12-01")
        let beforeItHappened = await service.ask(prefecture, """
            mutation { fileChange(input: {clusterCode: "\(code)", kind: LEADING_INDUSTRY, changedOn: "2026-11-21", filedOn: "2026-11-20"}) { changeFiling { filedOn } } }
            """)
        #expect(beforeItHappened.code == "POLICY_VIOLATION" && beforeItHappened.rule == "change_filed_after_it_happened", "\(beforeItHappened)")
    }

    @Test("a change of spatial scope replaces the cluster's counties, which must still hold Art. 2 and 13: shares of 100, adjacent")
    func spatialScope() async throws {
        let service = try await MutationFixture.shared.service()
        // A cluster recognised on the day with one county, a neighbour of it, and a county of another prefecture.
        let row = try #require(try await MutationFixture.shared.rows("""
            SELECT c.code, k.prefecture_code, c.applicant_county_code, n.neighbour_code,
                   (SELECT far.code FROM county far WHERE far.prefecture_code <> k.prefecture_code ORDER BY far.code LIMIT 1)
            FROM cluster c JOIN county k ON k.code = c.applicant_county_code
            JOIN LATERAL (SELECT a.neighbour_code FROM county_adjacency a WHERE a.county_code = c.applicant_county_code
                          ORDER BY a.neighbour_code LIMIT 1) n ON true
            WHERE EXISTS (SELECT 1 FROM clusters_valid_on($1::date) v WHERE v.cluster_id = c.id)
              AND (SELECT count(*) FROM cluster_county x WHERE x.cluster_id = c.id) = 1
            ORDER BY c.code DESC LIMIT 1
            """, [MutationFixture.today]).first)
        let (code, prefectureCode, applicant, neighbour, far) = (try #require(row[0]), try #require(row[1]), try #require(row[2]),
                                                                 try #require(row[3]), try #require(row[4]))
        let prefecture = Principal.scoped(role: .prefectureOfficer, scope: prefectureCode, subject: "key:scope")
        func change(_ counties: [(String, String)], on day: String) async -> Answer {
            let list = counties.map { "{countyCode: \"\($0.0)\", outputShare: \"\($0.1)\"}" }.joined(separator: ", ")
            return await service.ask(prefecture, """
                mutation { fileChange(input: {clusterCode: "\(code)", kind: SPATIAL_SCOPE, changedOn: "\(day)", filedOn: "\(day)", counties: [\(list)]}) {
                  changeFiling { oldValue newValue } cluster { counties { nodes { county { code } } } } } }
                """)
        }
        let short = await change([(applicant, "60"), (neighbour, "30")], on: MutationFixture.today)
        #expect(short.code == "POLICY_VIOLATION" && short.article == "Art. 2, 13" && short.rule == "cluster_county_shares_sum_to_100", "\(short)")
        let apart = await change([(applicant, "70"), (far, "30")], on: MutationFixture.today)
        #expect(apart.code == "POLICY_VIOLATION" && apart.rule == "cluster_counties_adjacent", "\(apart)")
        let fraction = await change([(applicant, "69.995"), (neighbour, "30.005")], on: MutationFixture.today)
        #expect(fraction.code == "POLICY_VIOLATION" && fraction.rule == "share_exact", "\(fraction)")
        #expect(try await MutationFixture.shared.scalar(
            "SELECT string_agg(county_code, ',') FROM cluster_county x JOIN cluster c ON c.id = x.cluster_id WHERE c.code = $1", [code]) == applicant,
                "a refused change leaves the counties as they were")
        let widened = await change([(applicant, "70"), (neighbour, "30")], on: MutationFixture.today)
        #expect(widened.errors.isEmpty, "\(widened)")
        #expect(widened.string("fileChange", "changeFiling", "oldValue") == "\(applicant):100.00")
        #expect(widened.string("fileChange", "changeFiling", "newValue") == [(applicant, "70.00"), (neighbour, "30.00")].sorted { $0.0 < $1.0 }
            .map { "\($0.0):\($0.1)" }.joined(separator: ", "))
        let counties = (widened.value("fileChange", "cluster", "counties", "nodes") as? [[String: Any]])?.compactMap { ($0["county"] as? [String: Any])?["code"] as? String }
        #expect(Set(counties ?? []) == [applicant, neighbour])
    }

    @Test("several steps in one operation run in order, all or nothing: the second refused, the first is not kept; input by variable")
    func allOrNothing() async throws {
        let service = try await MutationFixture.shared.service()
        let code = try #require(try await MutationFixture.shared.scalar("SELECT code FROM cluster ORDER BY code LIMIT 1 OFFSET 3"))
        let count = "SELECT count(*) FROM monitoring_check m JOIN cluster c ON c.id = m.cluster_id WHERE c.code = $1 AND m.checked_by = '两步测试'"
        let before = try await MutationFixture.shared.scalar(count, [code])
        let two = await service.ask(Self.province, """
            mutation Two($first: RecordMonitoringCheckInput!) {
              first: recordMonitoringCheck(input: $first) { monitoringCheck { checkedOn } }
              second: recordMonitoringCheck(input: {clusterCode: "\(code)", checkedOn: "2099-01-01", checkedBy: "两步测试", cooperated: true}) { monitoringCheck { checkedOn } }
            }
            """, variables: ["first": .dictionary(["clusterCode": .string(code), "checkedOn": .string("2026-08-08"),
                                                   "checkedBy": .string("两步测试"), "cooperated": .bool(true)])])
        #expect(two.code == "POLICY_VIOLATION" && two.rule == "day_not_in_future", "\(two)")
        #expect((two.errors.first?["path"] as? [String]) == ["second"], "\(two)")
        #expect(two.object["data"] is NSNull)
        #expect(try await MutationFixture.shared.scalar(count, [code]) == before, "the first step was rolled back with the second")
        let both = await service.ask(Self.province, """
            mutation Two($first: RecordMonitoringCheckInput!) {
              __typename
              first: recordMonitoringCheck(input: $first) { monitoringCheck { checkedOn } }
              second: recordMonitoringCheck(input: {clusterCode: "\(code)", checkedOn: "2026-08-09", checkedBy: "两步测试", cooperated: true}) { monitoringCheck { checkedOn } }
            }
            """, variables: ["first": .dictionary(["clusterCode": .string(code), "checkedOn": .string("2026-08-08"),
                                                   "checkedBy": .string("两步测试"), "cooperated": .bool(true)])])
        #expect(both.errors.isEmpty, "\(both)")
        #expect(both.text.hasPrefix(#"{"data":{"__typename":"Mutation","first":"#), "\(both)")
        #expect(both.string("second", "monitoringCheck", "checkedOn") == "2026-08-09")
        #expect(try await MutationFixture.shared.scalar(count, [code]) == String((Int(before ?? "0") ?? 0) + 2))
    }

    @Test("the other refusals: a site check or a notice out of order, an upheld objection, a revoked recognition re-reviewed, a revocation outside the validity, a report or a change of a cluster not recognised")
    func otherRefusals() async throws {
        let service = try await MutationFixture.shared.service()
        let row = try #require(try await MutationFixture.shared.rows("""
            SELECT c.code, c.applicant_county_code, k.prefecture_code FROM cluster c JOIN county k ON k.code = c.applicant_county_code
            JOIN clusters_status_on($1::date) s ON s.cluster_id = c.id
            WHERE s.status = 'CULTIVATING' AND NOT EXISTS (SELECT 1 FROM application a WHERE a.cluster_id = c.id AND a.round_year = 2026)
            ORDER BY c.code DESC LIMIT 1
            """, [MutationFixture.today]).first)
        let (code, countyCode, prefectureCode) = (try #require(row[0]), try #require(row[1]), try #require(row[2]))
        let county = Principal.scoped(role: .countyOfficer, scope: countyCode, subject: "key:c2")
        let prefecture = Principal.scoped(role: .prefectureOfficer, scope: prefectureCode, subject: "key:p2")
        func refused(_ answer: Answer, _ rule: String, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(answer.code == "POLICY_VIOLATION" && answer.rule == rule && answer.article != nil, "\(answer)", sourceLocation: sourceLocation)
        }
        // A cluster never recognised owes no report and files no change.
        refused(await service.ask(prefecture, """
            mutation { fileAnnualReport(input: {clusterCode: "\(code)", year: 2025, submittedOn: "2026-02-01"}) { annualReport { id } } }
            """), "report_for_recognized_year")
        refused(await service.ask(prefecture, """
            mutation { fileChange(input: {clusterCode: "\(code)", kind: OPERATING_BODY, changedOn: "2026-10-01", filedOn: "2026-10-02"}) { changeFiling { id } } }
            """), "change_of_recognized_cluster")
        let submitted = await service.ask(county, """
            mutation { submitApplication(input: {clusterCode: "\(code)", roundYear: 2026, submittedOn: "2026-05-04"}) { application { id } } }
            """)
        let id = try #require(submitted.string("submitApplication", "application", "id"), "\(submitted)")
        func step(_ principal: Principal, _ mutation: String, _ fields: String) async -> Answer {
            await service.ask(principal, "mutation { \(mutation)(input: {applicationId: \"\(id)\", \(fields)}) { application { version } } }")
        }
        #expect(await step(prefecture, "acceptApplication", "expectedVersion: 1, acceptedOn: \"2026-05-05\"").errors.isEmpty)
        refused(await step(prefecture, "recordSiteCheck", "expectedVersion: 2, checkedOn: \"2026-05-06\""), "site_check_after_first_review")
        refused(await step(Self.province, "publishNotice", "expectedVersion: 2, noticeFrom: \"2026-07-01\", noticeTo: \"2026-07-07\""),
                "notice_after_provincial_review")
        for (principal, mutation, fields) in [
            (prefecture, "recordFirstReview", "expectedVersion: 2, reviewedOn: \"2026-05-07\", reviewedBy: \"市工信局\""),
            (prefecture, "recordSiteCheck", "expectedVersion: 3, checkedOn: \"2026-05-08\""),
            (prefecture, "recommendApplication", "expectedVersion: 4, recommendedOn: \"2026-05-09\""),
            (Self.province, "reviewApplication", "expectedVersion: 5, reviewedOn: \"2026-07-01\""),
            (Self.province, "publishNotice", "expectedVersion: 6, noticeFrom: \"2026-07-02\", noticeTo: \"2026-07-08\""),
        ] {
            let answer = await step(principal, mutation, fields)
            #expect(answer.errors.isEmpty, "\(mutation): \(answer)")
        }
        let objection = await service.ask(Self.province, """
            mutation { recordObjection(input: {applicationId: "\(id)", expectedVersion: 7, receivedOn: "2026-07-03", summary: "核实属实的异议", upheld: true}) { objection { upheld } } }
            """)
        #expect(objection.errors.isEmpty, "\(objection)")
        refused(await step(Self.province, "recognizeCluster", "expectedVersion: 8, recognizedOn: \"2026-07-20\""), "recognition_needs_clean_notice")
        let rejected = await service.ask(Self.province, """
            mutation { rejectApplication(input: {applicationId: "\(id)", expectedVersion: 8, rejectedOn: "2026-07-20", reason: "公示异议成立"}) { application { outcome } cluster { status } } }
            """)
        #expect(rejected.string("rejectApplication", "application", "outcome") == "REJECTED", "\(rejected)")
        #expect(rejected.string("rejectApplication", "cluster", "status") == "REJECTED")

        // A revoked recognition: not re-reviewed once its validity ends (a day years on), nor revoked again, nor outside it.
        let revoked = try #require(try await MutationFixture.shared.rows("""
            SELECT c.code, k.prefecture_code, r.id, r.version, r.valid_until::text FROM revocation v JOIN recognition r ON r.id = v.recognition_id
            JOIN cluster c ON c.id = r.cluster_id JOIN county k ON k.code = c.applicant_county_code
            WHERE NOT EXISTS (SELECT 1 FROM recognition later WHERE later.cluster_id = r.cluster_id AND later.recognized_on > r.recognized_on)
            ORDER BY c.code LIMIT 1
            """).first)
        let (revokedCode, revokedPrefecture, recognition, version, validUntil) = (try #require(revoked[0]), try #require(revoked[1]),
                                                                                  try #require(revoked[2]), try #require(revoked[3]),
                                                                                  try #require(revoked[4]))
        let later = try await MutationFixture.shared.service(today: "2031-01-01")
        let owner = Principal.scoped(role: .prefectureOfficer, scope: revokedPrefecture, subject: "key:p3")
        refused(await later.ask(owner, """
            mutation { requestReview(input: {clusterCode: "\(revokedCode)", requestedOn: "\(MutationProcessTests.day(validUntil, plus: 1))"}) { review { id } } }
            """), "review_of_unrevoked_recognition")
        let recognitionID = GlobalIDText.of("Recognition", Int(recognition) ?? 0)
        let again = await service.ask(Self.province, """
            mutation { revokeRecognition(input: {recognitionId: "\(recognitionID)", expectedVersion: \(version), ground: NO_LONGER_ELIGIBLE, revokedOn: "2020-01-01", note: "x"}) { revocation { id } } }
            """)
        refused(again, "revoked_once")
        // Outside the validity: a recognition in force, revoked on a day before it began.
        let live = try #require(try await MutationFixture.shared.rows("""
            SELECT r.id, r.version FROM recognition r JOIN clusters_valid_on($1::date) v ON v.cluster_id = r.cluster_id AND v.valid_until = r.valid_until
            ORDER BY r.id LIMIT 1
            """, [MutationFixture.today]).first)
        let outside = await service.ask(Self.province, """
            mutation { revokeRecognition(input: {recognitionId: "\(GlobalIDText.of("Recognition", Int(live[0] ?? "") ?? 0))", expectedVersion: \(live[1] ?? "1"), ground: NO_LONGER_ELIGIBLE, revokedOn: "2015-01-01", note: "x"}) { revocation { id } } }
            """)
        refused(outside, "revocation_within_validity")
    }

    @Test("support from a fund by its manager: exact yuan only, the key's own fund only")
    func support() async throws {
        let service = try await MutationFixture.shared.service()
        let funds = try await MutationFixture.shared.rows("SELECT code FROM fund ORDER BY code LIMIT 2").compactMap { $0[0] }
        try #require(funds.count == 2)
        let code = try #require(try await MutationFixture.shared.scalar("SELECT code FROM cluster ORDER BY code LIMIT 1"))
        let manager = Principal(role: .fundManager, subject: "key:fund", fund: funds[0])
        func record(fund: String, amount: String, number: String) async -> Answer {
            await service.ask(manager, """
                mutation { recordSupportMeasure(input: {clusterCode: "\(code)", fundCode: "\(fund)", measureNo: "\(number)", kind: GRANT, direction: INNOVATION,
                  grantingLevel: PROVINCIAL, amount: \(amount), year: 2026, approvedOn: "2026-10-10", title: "样例补助"}) {
                  supportMeasure { amountYuan measureNo fund { code } } } }
                """)
        }
        let otherFund = await record(fund: funds[1], amount: "\"1000.00\"", number: "T-1")
        #expect(otherFund.code == "POLICY_VIOLATION" && otherFund.rule == "scope", "\(otherFund)")
        let fraction = await record(fund: funds[0], amount: "\"1000.005\"", number: "T-2")
        #expect(fraction.code == "POLICY_VIOLATION" && fraction.rule == "amount_exact_yuan", "\(fraction)")
        let exponent = await record(fund: funds[0], amount: "1e3", number: "T-3")
        #expect(exponent.code == "POLICY_VIOLATION" && exponent.rule == "amount_exact_yuan", "\(exponent)")
        let recorded = await record(fund: funds[0], amount: "\"1234567.80\"", number: "T-4")
        #expect(recorded.errors.isEmpty, "\(recorded)")
        #expect(recorded.text.contains("1234567.80"), "\(recorded)")
        #expect(try await MutationFixture.shared.scalar("SELECT is_sample::text FROM support_measure WHERE measure_no = 'T-4'") == "false")
    }

    @Test("the audit log is append-only for every role the server uses, and for the owner through its trigger (SQL)")
    func auditLogAppendOnly() async throws {
        let database = try await MutationFixture.shared.seededDatabase()
        // At least one event exists (the walk-through or this test's own step).
        let service = try await MutationFixture.shared.service()
        let code = try #require(try await MutationFixture.shared.scalar("SELECT code FROM cluster ORDER BY code LIMIT 1"))
        let step = await service.ask(Self.province, """
            mutation { recordMonitoringCheck(input: {clusterCode: "\(code)", checkedOn: "2026-10-01", checkedBy: "审计测试", cooperated: false}) { monitoringCheck { cooperated } } }
            """)
        #expect(step.errors.isEmpty, "\(step)")
        for user in ["qunji_writer", "qunji_server"] {
            let states = try await ProjectDatabase.withConnection(database.user(user)) { connection in
                ["UPDATE audit_event SET role = 'admin'", "DELETE FROM audit_event", "TRUNCATE audit_event",
                 "UPDATE audit_change SET after = NULL", "DELETE FROM audit_change", "TRUNCATE audit_change"].map { sql in
                    do {
                        _ = try connection.query(sql)
                        return "allowed"
                    } catch let error as PostgresError {
                        return error.sqlState?.rawValue ?? "?"
                    } catch {
                        return "?"
                    }
                }
            }
            #expect(states == Array(repeating: "42501", count: 6), "\(user): \(states)")
        }
        let owner = try await ProjectDatabase.withConnection(database) { connection in
            ["UPDATE audit_event SET role = 'admin'", "DELETE FROM audit_change", "TRUNCATE audit_event CASCADE"].map { sql in
                do {
                    _ = try connection.query(sql)
                    return "allowed"
                } catch let error as PostgresError {
                    guard case .server(let server) = error else { return "?" }
                    return server.sqlState.rawValue + ":" + (server.constraint ?? "")
                } catch {
                    return "?"
                }
            }
        }
        #expect(owner == Array(repeating: "42501:audit_append_only", count: 3), "\(owner)")
        // The writer may write the process tables, not the others.
        let writer = try await ProjectDatabase.withConnection(database.user("qunji_writer")) { connection in
            do {
                _ = try connection.query("UPDATE cluster SET name = name")
                return "allowed"
            } catch let error as PostgresError {
                return error.sqlState?.rawValue ?? "?"
            }
        }
        #expect(writer == "42501")
        #expect(try await MutationFixture.shared.scalar("SELECT count(*) > 0 FROM audit_event") == "t")
    }

    @Test("a dashboard's kept answer is dropped when a step commits: the next read shows it, with no wait for the notification")
    func cachedAnswersFollowSteps() async throws {
        let database = try await MutationFixture.shared.seededDatabase()
        let answers = AnswerCaching(budget: 4 << 20, configuration: database, logger: TestLogging.logger)
        answers.start()
        defer { answers.stop() }
        #expect(await answers.listening(within: .seconds(10)))
        var settings = QueryService.sessionSettings
        settings["qunji.today"] = MutationFixture.today
        let reader = ConnectionPool(configuration: database.user("qunji_server"), options: .init(size: 1, sessionSettings: settings),
                                    logger: TestLogging.logger)
        let writer = ConnectionPool(configuration: database.user("qunji_writer"),
                                    options: .init(size: 1, sessionSettings: ["qunji.today": MutationFixture.today]), logger: TestLogging.logger)
        let schemas = try await ProjectDatabase.settingUp { try RoleSchemas.load(full: Repository.url("schema/schema.graphql"), mutations: true) }
        let service = try await ProjectDatabase.settingUp {
            try QueryService(schemas: schemas, catalog: .qunji, pool: reader, logger: TestLogging.logger, limits: .testing,
                             answers: answers, writer: writer)
        }
        let code = try #require(try await MutationFixture.shared.scalar("SELECT code FROM cluster ORDER BY code DESC LIMIT 1"))
        let dashboard = "{ cluster(code: \"\(code)\") { monitoringChecks { totalCount } } }"
        let analyst = Principal(role: .analyst)
        let before = await service.ask(analyst, dashboard)
        let again = await service.ask(analyst, dashboard)
        #expect(again.text == before.text)
        #expect(answers.cache.currentStatistics.hits >= 1, "the second read was answered from the cache")
        let count = try #require(before.int("cluster", "monitoringChecks", "totalCount"))
        let step = await service.ask(Self.province, """
            mutation { recordMonitoringCheck(input: {clusterCode: "\(code)", checkedOn: "2026-09-09", checkedBy: "缓存测试", cooperated: true}) { monitoringCheck { id } } }
            """)
        #expect(step.errors.isEmpty, "\(step)")
        let after = await service.ask(analyst, dashboard)
        #expect(after.int("cluster", "monitoringChecks", "totalCount") == count + 1, "\(after)")
        await reader.shutdown()
        await writer.shutdown()
    }

    @Test("without a writer, or without mutations in the schema, nothing is recorded")
    func disabled() async throws {
        let database = try await MutationFixture.shared.seededDatabase()
        let pool = ConnectionPool(configuration: database.user("qunji_server"), options: .init(size: 1, sessionSettings: QueryService.sessionSettings),
                                  logger: TestLogging.logger)
        let readOnly = try await ProjectDatabase.settingUp {
            try QueryService(schemas: try RoleSchemas.load(full: Repository.url("schema/schema.graphql")), catalog: .qunji, pool: pool,
                             logger: TestLogging.logger, limits: .testing)
        }
        let answer = await readOnly.ask(Self.province, "mutation { recordIncident(input: {creditCode: \"x\", kind: SAFETY_ACCIDENT, description: \"x\"}) { incident { id } } }")
        #expect(answer.code == "OPERATION_RESOLUTION_FAILURE", "\(answer)")
        let schema = await readOnly.ask(.init(role: .admin), "{ __schema { mutationType { name } } __type(name: \"ApplicationPayload\") { name } }")
        #expect(schema.value("__schema", "mutationType") is NSNull, "\(schema)")
        #expect(schema.value("__type") is NSNull, "\(schema)")
        await pool.shutdown()
    }
}
}
