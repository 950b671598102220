import Engine
import Foundation
import Planner
import Postgres
import TestSupport
import Testing

/// Issue 14 §6: `asOf` means the day for every figure. Each figure that takes or inherits `asOf` is asked on past
/// days and on the data's cut-off, on the sample data, and compared with SQL written here by hand from the rules'
/// words (not with the functions the server uses): titles valid then, measures approved by then, recognitions and
/// revocations up to then.
@Suite("asOf for every figure")
struct AsOfMatrixTests {
    static let days = ["2024-06-30", "2025-12-31", "2026-11-15"]

    /// A title valid on `$1`: granted by then, not past its recorded last day or (none recorded) its kind's term, not
    /// withdrawn by then.
    static let validTitle = """
        q.granted_on <= $1::date
        AND $1::date <= coalesce(q.expires_on, (q.granted_on + make_interval(years => k.validity_years))::date, 'infinity')
        AND (q.withdrawn_on IS NULL OR $1::date < q.withdrawn_on)
        """
    /// Clusters with a recognition in force on `$1`: recognised by then, through its last day, not revoked by then.
    static let inForce = """
        SELECT DISTINCT r.cluster_id FROM recognition r
        WHERE r.recognized_on <= $1::date AND $1::date <= r.recognized_on + interval '3 years'
          AND NOT EXISTS (SELECT 1 FROM revocation v WHERE v.recognition_id = r.id AND v.revoked_on <= $1::date)
        """

    private static func object(_ body: String) throws -> [String: Any] {
        try #require((try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])?["data"] as? [String: Any], "\(body)")
    }

    /// `sql` (parameter $1: the day) as rows of text keyed by the first column.
    private static func rows(_ pool: ConnectionPool, _ sql: String, _ day: String) async throws -> [String: [String]] {
        let result = try await pool.query(sql, [day])
        var out: [String: [String]] = [:]
        for row in 0..<result.count {
            let key = result[row, 0] ?? "null"
            out[key] = (1..<result.columns.count).map { result[row, $0] ?? "null" }
        }
        return out
    }

    private static func text(_ value: Any?) -> String {
        switch value {
        case nil, is NSNull: return "null"
        case let number as NSNumber: return number.stringValue
        case let string as String: return string
        default: return "\(value!)"
        }
    }

    @Test("distribution by prefecture: titles, support, output and recognised clusters on each day equal hand-written SQL")
    func distribution() async throws {
        let service = try await ServiceFixture.shared.service()
        for day in Self.days {
            let body = await service.run("""
                { distribution(dimension: PREFECTURE, asOf: "\(day)") { key littleGiantCount singleItemChampionCount
                    specializedSmeCount supportTotal latestOutputValue clustersByStatus { status count } } }
                """)
            let buckets = try #require(try Self.object(body)["distribution"] as? [[String: Any]])
            let expected = try await Self.rows(service.pool, """
                SELECT p.code,
                  (SELECT count(DISTINCT e.id) FROM qualification q JOIN qualification_kind k ON k.code = q.kind_code
                     JOIN enterprise e ON e.id = q.enterprise_id JOIN cluster c ON c.id = e.cluster_id
                     JOIN county ck ON ck.code = c.applicant_county_code
                   WHERE ck.prefecture_code = p.code AND q.kind_code = 'LITTLE_GIANT' AND \(Self.validTitle))::text,
                  (SELECT count(DISTINCT e.id) FROM qualification q JOIN qualification_kind k ON k.code = q.kind_code
                     JOIN enterprise e ON e.id = q.enterprise_id JOIN cluster c ON c.id = e.cluster_id
                     JOIN county ck ON ck.code = c.applicant_county_code
                   WHERE ck.prefecture_code = p.code AND q.kind_code = 'SINGLE_ITEM_CHAMPION' AND \(Self.validTitle))::text,
                  (SELECT count(DISTINCT e.id) FROM qualification q JOIN qualification_kind k ON k.code = q.kind_code
                     JOIN enterprise e ON e.id = q.enterprise_id JOIN cluster c ON c.id = e.cluster_id
                     JOIN county ck ON ck.code = c.applicant_county_code
                   WHERE ck.prefecture_code = p.code AND q.kind_code = 'SPECIALIZED_SME' AND \(Self.validTitle))::text,
                  (SELECT sum(m.amount_yuan) FROM support_measure m JOIN cluster c ON c.id = m.cluster_id
                     JOIN county ck ON ck.code = c.applicant_county_code
                   WHERE ck.prefecture_code = p.code AND coalesce(m.approved_on, make_date(m.year, 12, 31)) <= $1::date)::text,
                  (SELECT sum((SELECT i.output_value FROM cluster_indicator i WHERE i.cluster_id = c.id
                               AND i.year < extract(year FROM $1::date) ORDER BY i.year DESC LIMIT 1))
                   FROM cluster c JOIN county ck ON ck.code = c.applicant_county_code WHERE ck.prefecture_code = p.code)::text,
                  (SELECT count(*) FROM cluster c JOIN county ck ON ck.code = c.applicant_county_code
                   WHERE ck.prefecture_code = p.code AND c.id IN (\(Self.inForce)))::text
                FROM prefecture p
                """, day)
            #expect(buckets.count == 9)
            for bucket in buckets {
                let key = Self.text(bucket["key"])
                let recognised = ((bucket["clustersByStatus"] as? [[String: Any]]) ?? [])
                    .first { $0["status"] as? String == "RECOGNIZED" }.map { Self.text($0["count"]) } ?? "0"
                let actual = [Self.text(bucket["littleGiantCount"]), Self.text(bucket["singleItemChampionCount"]),
                              Self.text(bucket["specializedSmeCount"]), Self.text(bucket["supportTotal"]),
                              Self.text(bucket["latestOutputValue"]), recognised]
                // Decimals come back as JSON numbers: compare them as numbers.
                let normalise = { (values: [String]) in values.map { Decimal(string: $0).map { "\($0)" } ?? $0 } }
                #expect(normalise(actual) == normalise(expected[key] ?? []), "\(key) on \(day)")
            }
        }
        // The issue's example (the README's): support of Guiyang's clusters recognised on 2025-12-31 counts only the
        // measures approved up to then (992,010,000.00), not the 1,140,720,000.00 approved by the data's cut-off.
        let guiyang = await service.run(#"{ a: distribution(dimension: PREFECTURE, asOf: "2025-12-31", where: {status: {eq: RECOGNIZED}}) { key supportTotal } }"#)
        #expect(guiyang.contains(#"{"key" : "520100", "supportTotal" : 992010000.00}"#), "\(guiyang)")
    }

    @Test("clusterGroups by STATUS, enterpriseGroups by QUALIFICATION_KIND and targetProgress follow the day")
    func groupsAndProgress() async throws {
        let service = try await ServiceFixture.shared.service()
        var recognisedByDay: [String] = []
        for day in Self.days {
            let body = await service.run("""
                { clusterGroups(groupBy: [STATUS], asOf: "\(day)") { key { status } count }
                  enterpriseGroups(groupBy: [QUALIFICATION_KIND], asOf: "\(day)") { key { qualificationKind } count }
                  targetProgress(asOf: "\(day)") { recognized stillValid } }
                """)
            let data = try Self.object(body)
            let statuses = (data["clusterGroups"] as? [[String: Any]]) ?? []
            let recognised = statuses.first { (($0["key"] as? [String: Any])?["status"] as? String) == "RECOGNIZED" }
                .map { Self.text($0["count"]) } ?? "0"
            let handRecognised = try await service.pool.query("SELECT count(*) FROM (\(Self.inForce)) x", [day]).scalar
            #expect(recognised == handRecognised, "RECOGNIZED on \(day)")
            recognisedByDay.append(recognised)
            // Every cluster is in exactly one status group.
            let clusters = try await service.pool.query("SELECT count(*) FROM cluster").scalar
            #expect(String(statuses.reduce(0) { $0 + (($1["count"] as? Int) ?? 0) }) == clusters)

            let kinds = (data["enterpriseGroups"] as? [[String: Any]]) ?? []
            let handKinds = try await Self.rows(service.pool, """
                SELECT q.kind_code, count(DISTINCT q.enterprise_id)::text FROM qualification q
                JOIN qualification_kind k ON k.code = q.kind_code WHERE \(Self.validTitle) GROUP BY 1
                """, day)
            for group in kinds {
                guard let kind = (group["key"] as? [String: Any])?["qualificationKind"] as? String else { continue }
                #expect([Self.text(group["count"])] == handKinds[kind], "\(kind) on \(day)")
            }
            #expect(kinds.compactMap { ($0["key"] as? [String: Any])?["qualificationKind"] as? String }.count == handKinds.count)

            let progress = try #require(data["targetProgress"] as? [String: Any])
            let handProgress = try await service.pool.query("""
                SELECT count(*) FILTER (WHERE first <= $1::date)::text,
                       count(*) FILTER (WHERE first <= $1::date AND cluster_id IN (\(Self.inForce)))::text
                FROM (SELECT cluster_id, min(recognized_on) AS first FROM recognition GROUP BY 1) f
                WHERE first BETWEEN '2021-01-01' AND '2025-12-31'
                """, [day])
            #expect(Self.text(progress["recognized"]) == handProgress[0, 0], "recognized on \(day)")
            #expect(Self.text(progress["stillValid"]) == handProgress[0, 1], "stillValid on \(day)")
        }
        // The counts move with the day (they did not: the recorded status was grouped).
        #expect(Set(recognisedByDay).count == Self.days.count, "\(recognisedByDay)")
    }

    @Test("cluster fields on a day: validity equals the recognition in force by hand, through its last day")
    func clusterFields() async throws {
        let service = try await ServiceFixture.shared.service()
        for day in Self.days {
            let body = await service.run("""
                { clusters(asOf: "\(day)", first: 500) { nodes { code validUntil daysUntilExpiry } } }
                """)
            let nodes = try #require((try Self.object(body)["clusters"] as? [String: Any])?["nodes"] as? [[String: Any]])
            let hand = try await Self.rows(service.pool, """
                SELECT c.code, v.until::text, ((v.until - $1::date))::text FROM cluster c
                LEFT JOIN LATERAL (SELECT (r.recognized_on + interval '3 years')::date AS until FROM recognition r
                                   WHERE r.cluster_id = c.id AND r.recognized_on <= $1::date
                                     AND $1::date <= r.recognized_on + interval '3 years'
                                     AND NOT EXISTS (SELECT 1 FROM revocation x WHERE x.recognition_id = r.id AND x.revoked_on <= $1::date)
                                   ORDER BY r.recognized_on DESC LIMIT 1) v ON true
                """, day)
            #expect(nodes.count == hand.count)
            for node in nodes {
                let code = Self.text(node["code"])
                #expect([Self.text(node["validUntil"]), Self.text(node["daysUntilExpiry"])] == hand[code], "\(code) on \(day)")
            }
        }
    }
}
