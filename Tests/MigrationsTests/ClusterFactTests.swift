import Foundation
import Postgres
import TestSupport
import Testing

/// `cluster_title` and `cluster_incident` (migration 0023): the titles and incidents kept per cluster by triggers must
/// always equal their definitions (`cluster_title_source`, `cluster_incident_source`), whatever the write: COPY, a
/// title or incident added, changed or deleted, a title withdrawn or extended, an enterprise moved, leaving its cluster
/// or leaving the leading industry, a kind's term changed, an enterprise deleted, truncation; and a title or incident
/// added while its enterprise is being moved.
@Suite("Titles and incidents kept per cluster")
struct ClusterFactTests {
    /// Rows of either table that its definition does not have, plus rows of the definitions the tables lack.
    static let drift = """
        SELECT (SELECT count(*) FROM (SELECT * FROM cluster_title EXCEPT ALL SELECT * FROM cluster_title_source) extra)
             + (SELECT count(*) FROM (SELECT * FROM cluster_title_source EXCEPT ALL SELECT * FROM cluster_title) missing)
             + (SELECT count(*) FROM (SELECT * FROM cluster_incident EXCEPT ALL SELECT * FROM cluster_incident_source) extra)
             + (SELECT count(*) FROM (SELECT * FROM cluster_incident_source EXCEPT ALL SELECT * FROM cluster_incident) missing)
        """

    @Test("after loading sample data and after every kind of write, the kept titles and incidents equal their definitions")
    func followsEveryWrite() async throws {
        let database = try await ProjectDatabase.seeded("titles")
        // The enterprise every step works on: one in a cluster, in the leading industry, holding a title.
        let subject = "(SELECT min(q.enterprise_id) FROM qualification q JOIN enterprise e ON e.id = q.enterprise_id WHERE e.cluster_id IS NOT NULL AND e.in_leading_industry)"
        let steps: [(String, String)] = [
            ("sample data (COPY)", "SELECT 1"),
            ("a title and an incident added", """
                CREATE TABLE subject AS SELECT \(subject) AS id;
                INSERT INTO incident (enterprise_id, kind_code, grade_code, occurred_on, description)
                SELECT s.id, i.kind_code, i.grade_code, DATE '2025-04-01', '测试事件（样例）'
                FROM subject s, (SELECT * FROM incident ORDER BY id LIMIT 1) i;
                INSERT INTO qualification (enterprise_id, kind_code, level_code, granted_on)
                SELECT s.id, t.kind_code, t.level_code, DATE '2026-01-15' FROM subject s
                CROSS JOIN LATERAL (SELECT kind_code, level_code FROM qualification_tier
                                    WHERE (kind_code, level_code) NOT IN (SELECT kind_code, level_code FROM qualification WHERE enterprise_id = s.id)
                                    ORDER BY 1, 2 LIMIT 1) t;
                """),
            ("an incident a year earlier, another deleted", """
                UPDATE incident SET occurred_on = occurred_on - 365 WHERE id = (SELECT max(id) FROM incident);
                DELETE FROM incident WHERE id = (SELECT min(id) FROM incident);
                """),
            ("a title withdrawn, another's expiry moved, another's level changed", """
                UPDATE qualification SET withdrawn_on = granted_on + 400 WHERE id = (SELECT min(id) FROM qualification WHERE withdrawn_on IS NULL);
                UPDATE qualification SET expires_on = granted_on + 1000 WHERE id = (SELECT max(id) FROM qualification);
                UPDATE qualification q SET level_code = t.level_code
                FROM (SELECT q2.id, x.level_code FROM qualification q2 JOIN qualification_tier x ON x.kind_code = q2.kind_code AND x.level_code <> q2.level_code
                      WHERE NOT EXISTS (SELECT 1 FROM qualification q3 WHERE q3.enterprise_id = q2.enterprise_id AND q3.kind_code = q2.kind_code
                                        AND q3.level_code = x.level_code AND q3.granted_on = q2.granted_on)
                      ORDER BY q2.id LIMIT 1) t
                WHERE q.id = t.id;
                """),
            ("the enterprise moved to another cluster (and one of its counties)", """
                UPDATE enterprise e SET cluster_id = cc.cluster_id, county_code = cc.county_code
                FROM subject s, LATERAL (SELECT x.cluster_id, x.county_code FROM cluster_county x
                                         WHERE x.cluster_id <> (SELECT cluster_id FROM enterprise WHERE id = s.id)
                                         ORDER BY x.cluster_id LIMIT 1) cc
                WHERE e.id = s.id;
                """),
            ("the enterprise out of the leading industry", "UPDATE enterprise SET in_leading_industry = false WHERE id = (SELECT id FROM subject)"),
            ("the enterprise in no cluster", "UPDATE enterprise SET cluster_id = NULL WHERE id = (SELECT id FROM subject)"),
            ("an unrelated column of every enterprise changed", "UPDATE enterprise SET employees = employees"),
            ("a kind's usual term changed", """
                UPDATE qualification_kind SET validity_years = validity_years + 1
                WHERE code = (SELECT q.kind_code FROM qualification q JOIN qualification_kind k ON k.code = q.kind_code
                              WHERE q.expires_on IS NULL AND k.validity_years IS NOT NULL ORDER BY q.id LIMIT 1);
                """),
            ("a title deleted", "DELETE FROM qualification WHERE id = (SELECT min(id) FROM qualification)"),
            ("an enterprise with titles deleted (its titles cascade)",
             "DELETE FROM enterprise WHERE id = (SELECT max(enterprise_id) FROM qualification)"),
            ("every title truncated", "TRUNCATE qualification"),
            ("every incident truncated", "TRUNCATE incident"),
        ]
        var sizes: [String] = []
        for (step, sql) in steps {
            let (drift, size) = try await ProjectDatabase.withConnection(database) { connection in
                try connection.execute(sql)
                let counts = try connection.query("SELECT (\(Self.drift)), (SELECT count(*) FROM cluster_title) + (SELECT count(*) FROM cluster_incident)")
                return (counts[0, 0], counts[0, 1] ?? "")
            }
            #expect(drift == "0", "after \(step): \(drift ?? "nil") rows differ from their definitions")
            sizes.append(size)
        }
        // The steps changed something to follow: the tables were full, and the truncations emptied them.
        #expect((Int(sizes[0]) ?? 0) > 100, "the sample data gave the tables no rows, so nothing was tested")
        #expect(sizes.last == "0")
        let moved = try await ProjectDatabase.withConnection(database) { connection in
            try connection.query("SELECT count(*) FROM subject WHERE id IS NOT NULL").scalar
        }
        #expect(moved == "1", "no enterprise with a title in a cluster was found to move")
    }

    @Test("a title and an incident added while their enterprise moves to another cluster are kept under the new cluster")
    func addedDuringMove() async throws {
        let database = try await ProjectDatabase.seeded("titles")
        let setup = try await ProjectDatabase.withConnection(database) { connection in
            try connection.query("""
                SELECT e.id, cc.cluster_id, cc.county_code, t.kind_code, t.level_code
                FROM enterprise e
                CROSS JOIN LATERAL (SELECT x.cluster_id, x.county_code FROM cluster_county x WHERE x.cluster_id <> e.cluster_id
                                    ORDER BY x.cluster_id LIMIT 1) cc
                CROSS JOIN LATERAL (SELECT kind_code, level_code FROM qualification_tier ORDER BY 1, 2 LIMIT 1) t
                WHERE e.cluster_id IS NOT NULL ORDER BY e.id LIMIT 1
                """)
        }
        let (enterprise, target, county) = (setup[0, 0] ?? "", setup[0, 1] ?? "", setup[0, 2] ?? "")
        let (kind, level) = (setup[0, 3] ?? "", setup[0, 4] ?? "")

        // A moves the enterprise and holds its transaction open; B adds a title to it meanwhile.
        let mover = try await ProjectDatabase.blocking { try PostgresConnection.connect(database, logger: TestLogging.logger) }
        defer { mover.close() }
        try await ProjectDatabase.blocking {
            try mover.execute("BEGIN; UPDATE enterprise SET cluster_id = \(target), county_code = '\(county)' WHERE id = \(enterprise);")
        }
        let adder = Task {
            try await ProjectDatabase.withConnection(database) { connection in
                try connection.execute("""
                    BEGIN;
                    INSERT INTO qualification (enterprise_id, kind_code, level_code, granted_on)
                    VALUES (\(enterprise), '\(kind)', '\(level)', DATE '2001-02-03');
                    INSERT INTO incident (enterprise_id, kind_code, grade_code, occurred_on, description)
                    SELECT \(enterprise), kind_code, grade_code, DATE '2001-02-03', '测试事件（样例）' FROM incident ORDER BY id LIMIT 1;
                    COMMIT;
                    """)
            }
        }
        let waited = try await ProjectDatabase.sessionWaitsOnLock(database, runningTextContaining: "DATE '2001-02-03'")
        #expect(waited, "the writer of the title and the incident never waited for the move")
        try await ProjectDatabase.blocking { try mover.execute("COMMIT") }
        try await adder.value
        let kept = try await ProjectDatabase.withConnection(database) { connection in
            try connection.query("""
                SELECT t.cluster_id, c.cluster_id, (\(Self.drift))
                FROM cluster_title t JOIN qualification q ON q.id = t.qualification_id,
                     cluster_incident c JOIN incident i ON i.id = c.incident_id
                WHERE q.enterprise_id = \(enterprise) AND q.granted_on = DATE '2001-02-03'
                  AND i.enterprise_id = \(enterprise) AND i.occurred_on = DATE '2001-02-03'
                """)
        }
        #expect(kept.count == 1, "the title or the incident was not kept")
        #expect(kept[0, 0] == target)
        #expect(kept[0, 1] == target)
        #expect(kept[0, 2] == "0")
    }
}
