import Engine
import Foundation
import Planner
import TestSupport
import Testing

/// Issue 20: a cluster walked through the whole process by the bodies the measures name, each out-of-order or
/// out-of-scope step refused with its article, concurrent conflicting steps, idempotency, and the audit log.
extension MutationTests {
@Suite("The process as mutations")
struct MutationProcessTests {
    /// A cluster of the sample data in the cultivation pool on the fixture's day, with no application in `year`, and the
    /// round of that year's dates (call, deadline).
    static func candidate() async throws -> (code: String, county: String, prefecture: String, call: String, deadline: String) {
        let fixture = MutationFixture.shared
        let rows = try await fixture.rows("""
            SELECT c.code, c.applicant_county_code, k.prefecture_code
            FROM cluster c JOIN county k ON k.code = c.applicant_county_code
            JOIN clusters_status_on($1::date) s ON s.cluster_id = c.id
            WHERE s.status = 'CULTIVATING' AND NOT EXISTS (SELECT 1 FROM application a WHERE a.cluster_id = c.id AND a.round_year = 2026)
            ORDER BY c.code LIMIT 1
            """, [MutationFixture.today])
        let round = try await fixture.rows("SELECT call_issued_on::text, deadline::text FROM application_round WHERE year = 2026")
        guard let row = rows.first, let code = row[0], let county = row[1], let prefecture = row[2],
              let call = round.first?[0], let deadline = round.first?[1] else {
            throw FixtureProblem("the sample data has no cluster in the pool or no 2026 round")
        }
        return (code, county, prefecture, call, deadline)
    }

    /// `day` plus `days`, as YYYY-MM-DD.
    static func day(_ day: String, plus days: Int) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "UTC")
        guard let date = formatter.date(from: day) else { return day }
        return formatter.string(from: date.addingTimeInterval(Double(days) * 86_400))
    }

    /// Another prefecture's code than `code`.
    static func otherPrefecture(than code: String) -> String {
        Principal.prefectureCodes.sorted().first { $0 != code } ?? "520100"
    }

    static let province = Principal(role: .provinceOfficer, subject: "jwt:province-officer")

    @Test("a cluster from application to recognition: every step by its body, in order; every state; the audit log")
    func walkThrough() async throws {
        let service = try await MutationFixture.shared.service()
        let cluster = try await Self.candidate()
        let county = Principal.scoped(role: .countyOfficer, scope: cluster.county, subject: "key:county-test")
        let prefecture = Principal.scoped(role: .prefectureOfficer, scope: cluster.prefecture, subject: "key:prefecture-test")
        let stranger = Principal.scoped(role: .prefectureOfficer, scope: Self.otherPrefecture(than: cluster.prefecture),
                                        subject: "key:other-prefecture")
        let payload = "application { id version outcome acceptedOn firstReviewOn siteCheckOn recommendedOn provincialReviewOn publicNoticeFrom publicNoticeTo decidedOn } cluster { code status }"

        // Art. 13: the applicant county applies; another county may not apply for it.
        let submittedOn = Self.day(cluster.call, plus: 2)
        let foreignCounty = Principal.scoped(role: .countyOfficer, scope: cluster.county == "520102" ? "520103" : "520102",
                                             subject: "key:other-county")
        let foreign = await service.ask(foreignCounty, """
            mutation { submitApplication(input: {clusterCode: "\(cluster.code)", roundYear: 2026, submittedOn: "\(submittedOn)"}) { \(payload) } }
            """)
        #expect(foreign.code == "POLICY_VIOLATION" && foreign.article == "Art. 13" && foreign.rule == "scope", "\(foreign)")
        let early = await service.ask(county, """
            mutation { submitApplication(input: {clusterCode: "\(cluster.code)", roundYear: 2026, submittedOn: "\(Self.day(cluster.call, plus: -1))"}) { \(payload) } }
            """)
        #expect(early.code == "POLICY_VIOLATION" && early.article == "Art. 12" && early.rule == "application_within_round", "\(early)")
        let submitted = await service.ask(county, """
            mutation { submitApplication(input: {clusterCode: "\(cluster.code)", roundYear: 2026, submittedOn: "\(submittedOn)"}) { \(payload) } }
            """)
        #expect(submitted.errors.isEmpty, "\(submitted)")
        #expect(submitted.string("submitApplication", "application", "outcome") == "PENDING")
        #expect(submitted.int("submitApplication", "application", "version") == 1)
        #expect(submitted.string("submitApplication", "cluster", "status") == "APPLYING")
        let id = try #require(submitted.string("submitApplication", "application", "id"))
        let twice = await service.ask(county, """
            mutation { submitApplication(input: {clusterCode: "\(cluster.code)", roundYear: 2026, submittedOn: "\(submittedOn)"}) { \(payload) } }
            """)
        #expect(twice.code == "CONFLICT", "\(twice)")

        func step(_ principal: Principal, _ mutation: String, _ fields: String) async -> Answer {
            await service.ask(principal, "mutation { \(mutation)(input: {applicationId: \"\(id)\", \(fields)}) { \(payload) } }")
        }
        func refused(_ answer: Answer, article: String, rule: String, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(answer.code == "POLICY_VIOLATION", "\(answer)", sourceLocation: sourceLocation)
            #expect(answer.article == article, "\(answer)", sourceLocation: sourceLocation)
            #expect(answer.rule == rule, "\(answer)", sourceLocation: sourceLocation)
            #expect(answer.messageZh?.isEmpty == false, "\(answer)", sourceLocation: sourceLocation)
            #expect(answer.object["data"] is NSNull, "\(answer)", sourceLocation: sourceLocation)
        }

        // Art. 14: acceptance, first review, on-site check, recommendation, by the cluster's prefecture, in order.
        refused(await step(prefecture, "recordFirstReview", "expectedVersion: 1, reviewedOn: \"\(Self.day(cluster.call, plus: 5))\", reviewedBy: \"市工信局\""),
                article: "Art. 14", rule: "first_review_after_acceptance")
        refused(await step(stranger, "acceptApplication", "expectedVersion: 1, acceptedOn: \"\(Self.day(cluster.call, plus: 3))\""),
                article: "Art. 14", rule: "scope")
        refused(await step(prefecture, "acceptApplication", "expectedVersion: 1, acceptedOn: \"\(Self.day(cluster.call, plus: 1))\""),
                article: "Art. 14", rule: "application_accepted_after_submission")
        // Two officers accept at once, both having read version 1: exactly one succeeds, the other is told it moved.
        async let first = step(prefecture, "acceptApplication", "expectedVersion: 1, acceptedOn: \"\(Self.day(cluster.call, plus: 3))\"")
        async let second = step(prefecture, "acceptApplication", "expectedVersion: 1, acceptedOn: \"\(Self.day(cluster.call, plus: 3))\"")
        let race = await [first, second]
        #expect(race.filter { $0.errors.isEmpty }.count == 1, "\(race)")
        #expect(race.filter { $0.code == "CONFLICT" }.count == 1, "\(race)")
        let accepted = try #require(race.first { $0.errors.isEmpty })
        #expect(accepted.int("acceptApplication", "application", "version") == 2)
        #expect(accepted.string("acceptApplication", "application", "acceptedOn") == Self.day(cluster.call, plus: 3))

        refused(await step(prefecture, "recommendApplication", "expectedVersion: 2, recommendedOn: \"\(Self.day(cluster.call, plus: 9))\""),
                article: "Art. 14", rule: "recommendation_after_checks")
        let reviewed = await step(prefecture, "recordFirstReview", "expectedVersion: 2, reviewedOn: \"\(Self.day(cluster.call, plus: 5))\", reviewedBy: \"市工信局\"")
        #expect(reviewed.int("recordFirstReview", "application", "version") == 3, "\(reviewed)")
        let checked = await step(prefecture, "recordSiteCheck", "expectedVersion: 3, checkedOn: \"\(Self.day(cluster.call, plus: 7))\"")
        #expect(checked.int("recordSiteCheck", "application", "version") == 4, "\(checked)")
        // The province reviews only what a prefecture recommended; another prefecture may not recommend it.
        refused(await step(Self.province, "reviewApplication", "expectedVersion: 4, reviewedOn: \"\(Self.day(cluster.call, plus: 10))\""),
                article: "Art. 15", rule: "provincial_review_after_recommendation")
        refused(await step(stranger, "recommendApplication", "expectedVersion: 4, recommendedOn: \"\(Self.day(cluster.call, plus: 9))\""),
                article: "Art. 14", rule: "scope")
        refused(await step(prefecture, "recommendApplication", "expectedVersion: 4, recommendedOn: \"\(Self.day(cluster.deadline, plus: 1))\""),
                article: "Art. 12", rule: "recommendation_before_deadline")
        let recommended = await step(prefecture, "recommendApplication", "expectedVersion: 4, recommendedOn: \"\(cluster.deadline)\"")
        #expect(recommended.int("recommendApplication", "application", "version") == 5, "\(recommended)")
        #expect(recommended.string("recommendApplication", "cluster", "status") == "APPLYING")

        // Art. 15: review, notice, objections, recognition after a clean notice.
        refused(await step(Self.province, "recognizeCluster", "expectedVersion: 5, recognizedOn: \"\(Self.day(cluster.deadline, plus: 40))\""),
                article: "Art. 15", rule: "recognition_after_notice")
        let stale = await step(Self.province, "reviewApplication", "expectedVersion: 4, reviewedOn: \"\(Self.day(cluster.deadline, plus: 20))\"")
        #expect(stale.code == "CONFLICT", "\(stale)")
        let provincial = await step(Self.province, "reviewApplication", "expectedVersion: 5, reviewedOn: \"\(Self.day(cluster.deadline, plus: 20))\"")
        #expect(provincial.string("reviewApplication", "application", "provincialReviewOn") == Self.day(cluster.deadline, plus: 20), "\(provincial)")
        refused(await step(Self.province, "publishNotice",
                           "expectedVersion: 6, noticeFrom: \"\(Self.day(cluster.deadline, plus: 19))\", noticeTo: \"\(Self.day(cluster.deadline, plus: 26))\""),
                article: "Art. 15", rule: "notice_period")
        let noticeEnds = Self.day(cluster.deadline, plus: 31)
        let notice = await step(Self.province, "publishNotice",
                                "expectedVersion: 6, noticeFrom: \"\(Self.day(cluster.deadline, plus: 25))\", noticeTo: \"\(noticeEnds)\"")
        #expect(notice.string("publishNotice", "application", "publicNoticeTo") == noticeEnds, "\(notice)")
        refused(await service.ask(Self.province, """
            mutation { recordObjection(input: {applicationId: "\(id)", expectedVersion: 7, receivedOn: "\(Self.day(noticeEnds, plus: 1))", summary: "late", upheld: true}) { objection { id } } }
            """), article: "Art. 15", rule: "objection_during_notice")
        let objection = await service.ask(Self.province, """
            mutation { recordObjection(input: {applicationId: "\(id)", expectedVersion: 7, receivedOn: "\(Self.day(noticeEnds, plus: -2))", summary: "一家企业的产值有误", upheld: false}) { objection { upheld receivedOn } application { version objections { totalCount } } } }
            """)
        #expect(objection.errors.isEmpty, "\(objection)")
        #expect(objection.int("recordObjection", "application", "version") == 8)
        // Recognised once the notice has ended: not on its last day, the day after it.
        refused(await step(Self.province, "recognizeCluster", "expectedVersion: 8, recognizedOn: \"\(noticeEnds)\""),
                article: "Art. 15", rule: "recognition_after_notice")
        let recognizedOn = Self.day(noticeEnds, plus: 1)
        let recognized = await service.ask(Self.province, """
            mutation { recognizeCluster(input: {applicationId: "\(id)", expectedVersion: 8, recognizedOn: "\(recognizedOn)", noticeNo: "样例-2026-1"}) {
              recognition { id recognizedOn validUntil version } application { outcome decidedOn version } cluster { status } } }
            """)
        #expect(recognized.errors.isEmpty, "\(recognized)")
        #expect(recognized.string("recognizeCluster", "recognition", "recognizedOn") == recognizedOn)
        #expect(recognized.string("recognizeCluster", "application", "outcome") == "APPROVED")
        #expect(recognized.string("recognizeCluster", "application", "decidedOn") == recognizedOn)
        #expect(recognized.string("recognizeCluster", "cluster", "status") == "RECOGNIZED")
        let recognitionID = try #require(recognized.string("recognizeCluster", "recognition", "id"))

        // Art. 18: no report for a year that has not ended; Art. 16: no re-review within the validity; Art. 19: no
        // revocation on a ground the records do not show.
        refused(await service.ask(prefecture, """
            mutation { fileAnnualReport(input: {clusterCode: "\(cluster.code)", year: 2026, submittedOn: "\(MutationFixture.today)"}) { annualReport { id } } }
            """), article: "Art. 18", rule: "report_after_year_end")
        refused(await service.ask(prefecture, """
            mutation { requestReview(input: {clusterCode: "\(cluster.code)", requestedOn: "\(MutationFixture.today)"}) { review { id } } }
            """), article: "Art. 16", rule: "review_after_validity")
        refused(await service.ask(Self.province, """
            mutation { revokeRecognition(input: {recognitionId: "\(recognitionID)", expectedVersion: 1, ground: UNFILED_MAJOR_CHANGE, revokedOn: "\(MutationFixture.today)", note: "?"}) { revocation { id } } }
            """), article: "Art. 19", rule: "revocation_ground_established")
        // A step dated after today did not happen yet.
        refused(await service.ask(prefecture, """
            mutation { recordMonitoringCheck(input: {clusterCode: "\(cluster.code)", checkedOn: "\(Self.day(MutationFixture.today, plus: 1))", checkedBy: "市工信局", cooperated: true}) { monitoringCheck { id } } }
            """), article: "Art. 12-19", rule: "day_not_in_future")

        // The audit log: the steps that were recorded, in order, each by its body; none of the refused ones.
        let log = await service.ask(Self.province, """
            { auditEvents(where: {cluster: {code: {eq: "\(cluster.code)"}}}) { totalCount nodes { mutation role scopeCode subject requestId clientAddress input changes } } }
            """)
        let events = try #require(log.value("auditEvents", "nodes") as? [[String: Any]], "\(log)")
        #expect(events.map { $0["mutation"] as? String } == ["submitApplication", "acceptApplication", "recordFirstReview", "recordSiteCheck",
                                                             "recommendApplication", "reviewApplication", "publishNotice", "recordObjection",
                                                             "recognizeCluster"])
        #expect(events.map { $0["role"] as? String } == ["county_officer"] + Array(repeating: "prefecture_officer", count: 4)
            + Array(repeating: "province_officer", count: 4))
        #expect(events[0]["scopeCode"] as? String == cluster.county)
        #expect(events[1]["scopeCode"] as? String == cluster.prefecture)
        #expect(events[5]["subject"] as? String == "jwt:province-officer")
        #expect(events.allSatisfy { $0["requestId"] as? String == "test-request" && $0["clientAddress"] as? String == "127.0.0.1" })
        // Each event keeps the rows it changed, before and after.
        let acceptChanges = try #require((events[1]["changes"] as? String).flatMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [[String: Any]] })
        #expect(acceptChanges.count == 1)
        #expect(acceptChanges.first?["table"] as? String == "application")
        #expect(acceptChanges.first?["operation"] as? String == "UPDATE")
        #expect((acceptChanges.first?["before"] as? [String: Any])?["version"] as? Int == 1)
        #expect((acceptChanges.first?["after"] as? [String: Any])?["version"] as? Int == 2)
        #expect((acceptChanges.first?["after"] as? [String: Any])?["accepted_on"] as? String == Self.day(cluster.call, plus: 3))
        let recognizeChanges = (events[8]["changes"] as? String) ?? ""
        #expect(recognizeChanges.contains("\"table\": \"recognition\"") && recognizeChanges.contains("\"operation\": \"INSERT\""))
        #expect((events[0]["input"] as? String)?.contains(cluster.code) == true)

        // A prefecture reads its own clusters' events; another prefecture none of them; an analyst has no audit log.
        let own = await service.ask(prefecture, "{ auditEvents(where: {cluster: {code: {eq: \"\(cluster.code)\"}}}) { totalCount } }")
        #expect(own.int("auditEvents", "totalCount") == 9, "\(own)")
        let other = await service.ask(stranger, "{ auditEvents(where: {cluster: {code: {eq: \"\(cluster.code)\"}}}) { totalCount } }")
        #expect(other.int("auditEvents", "totalCount") == 0, "\(other)")
        let analyst = await service.ask(Principal(role: .analyst), "{ auditEvents { totalCount } }")
        #expect(analyst.code == "GRAPHQL_VALIDATION_FAILED", "\(analyst)")
    }

    @Test("a county officer sees only its own steps; the public no Mutation type; a county officer cannot recognise")
    func schemasPerRole() async throws {
        let service = try await MutationFixture.shared.service()
        let county = Principal.scoped(role: .countyOfficer, scope: "520323", subject: "key:c")
        let fields = await service.ask(county, "{ __schema { mutationType { fields { name } } } }")
        let names = (fields.value("__schema", "mutationType", "fields") as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(names == ["submitApplication", "withdrawApplication"], "\(fields)")
        let anonymous = await service.ask(.anonymous, "{ __schema { mutationType { name } } }")
        #expect(anonymous.value("__schema", "mutationType") is NSNull, "\(anonymous)")
        let recognize = await service.ask(county, "mutation { recognizeCluster(input: {applicationId: \"x\", expectedVersion: 1}) { cluster { code } } }")
        #expect(recognize.code == "GRAPHQL_VALIDATION_FAILED", "\(recognize)")
        let unknown = await service.ask(.anonymous, "mutation { submitApplication(input: {clusterCode: \"x\", roundYear: 2026}) { cluster { code } } }")
        #expect(unknown.code == "OPERATION_RESOLUTION_FAILURE" && unknown.text.contains("no mutation type"), "\(unknown)")
        // An id of another type is refused before anything runs.
        let province = Self.province
        let wrongID = await service.ask(province, "mutation { reviewApplication(input: {applicationId: \"\(GlobalIDText.of("Cluster", 1))\", expectedVersion: 1}) { cluster { code } } }")
        #expect(wrongID.code == "BAD_USER_INPUT", "\(wrongID)")
    }

    @Test("a retried step with the same Idempotency-Key applies once and answers the same; the key with another request is refused")
    func idempotency() async throws {
        let service = try await MutationFixture.shared.service()
        let cluster = try #require(try await MutationFixture.shared.rows("""
            SELECT c.code, k.prefecture_code FROM cluster c JOIN county k ON k.code = c.applicant_county_code ORDER BY c.code DESC LIMIT 1
            """).first)
        let code = try #require(cluster[0])
        let prefecture = Principal.scoped(role: .prefectureOfficer, scope: cluster[1], subject: "key:idempotent")
        let step = """
            mutation { recordMonitoringCheck(input: {clusterCode: "\(code)", checkedOn: "2026-11-02", checkedBy: "监测组", cooperated: true}) { monitoringCheck { id checkedOn } auditEvent { id } } }
            """
        let count = "SELECT count(*) FROM monitoring_check m JOIN cluster c ON c.id = m.cluster_id WHERE c.code = $1 AND m.checked_by = '监测组'"
        // Three at once and one after: one check, one audit event, the same answer four times.
        async let a = service.ask(prefecture, step, idempotencyKey: "check-2026-11-02")
        async let b = service.ask(prefecture, step, idempotencyKey: "check-2026-11-02")
        async let c = service.ask(prefecture, step, idempotencyKey: "check-2026-11-02")
        let answers = await [a, b, c] + [await service.ask(prefecture, step, idempotencyKey: "check-2026-11-02")]
        #expect(answers.allSatisfy { $0.errors.isEmpty }, "\(answers)")
        #expect(Set(answers.map(\.text)).count == 1, "\(answers)")
        #expect(try await MutationFixture.shared.scalar(count, [code]) == "1")
        #expect(try await MutationFixture.shared.scalar(
            "SELECT count(*) FROM audit_event WHERE mutation = 'recordMonitoringCheck' AND input->>'checkedBy' = '监测组'") == "1")
        // The same key for another request: refused, nothing written.
        let other = await service.ask(prefecture, step.replacingOccurrences(of: "2026-11-02", with: "2026-11-03"), idempotencyKey: "check-2026-11-02")
        #expect(other.code == "IDEMPOTENCY_KEY_REUSED", "\(other)")
        // Without a key the retry is a second step: refused as already recorded.
        let again = await service.ask(prefecture, step)
        #expect(again.code == "CONFLICT", "\(again)")
        #expect(try await MutationFixture.shared.scalar(count, [code]) == "1")
        // Keys are the caller's own: another officer's same key is another request.
        let colleague = Principal.scoped(role: .prefectureOfficer, scope: cluster[1], subject: "key:colleague")
        let theirs = await service.ask(colleague, step.replacingOccurrences(of: "2026-11-02", with: "2026-11-04"), idempotencyKey: "check-2026-11-02")
        #expect(theirs.errors.isEmpty, "\(theirs)")
        // Kept 24 hours: a day and an hour later the key is free again (and other expired keys are purged on the way).
        _ = try await MutationFixture.shared.scalar("""
            UPDATE idempotency_record SET created_at = now() - interval '25 hours' WHERE key = 'check-2026-11-02' RETURNING 1
            """)
        let later = await service.ask(prefecture, step.replacingOccurrences(of: "2026-11-02", with: "2026-11-05"), idempotencyKey: "check-2026-11-02")
        #expect(later.errors.isEmpty, "\(later)")
        #expect(try await MutationFixture.shared.scalar(
            "SELECT count(*) FROM idempotency_record WHERE key = 'check-2026-11-02' AND created_at < now() - interval '24 hours'") == "0")
    }
}

}

/// What the fixture could not find in the sample data.
struct FixtureProblem: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Global ids as the server writes them (base64url of `Type:key`), for tests that make one up.
enum GlobalIDText {
    static func of(_ type: String, _ key: Int) -> String {
        Data("\(type):\(key)".utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
