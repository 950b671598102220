import Foundation
import Postgres
import TestSupport
import Testing

/// `cluster_summary` (migration 0014): figures kept per cluster by triggers must always equal a recount from the
/// tables they come from, whatever the write: COPY, insert, update, a move between clusters, delete, truncate, and
/// two writers to one cluster at once.
@Suite("Cluster summary")
struct ClusterSummaryTests {
    /// Clusters whose kept summary differs from a recount now (or that have no summary row).
    static let drift = """
        SELECT count(*) FROM cluster c LEFT JOIN cluster_summary s ON s.cluster_id = c.id
        WHERE s.cluster_id IS NULL
           OR s.enterprise_count <> (SELECT count(*) FROM enterprise e WHERE e.cluster_id = c.id)
           OR s.support_total_yuan IS DISTINCT FROM (SELECT sum(m.amount_yuan) FROM support_measure m WHERE m.cluster_id = c.id)
           OR s.latest_indicator_year IS DISTINCT FROM (SELECT max(ci.year) FROM cluster_indicator ci WHERE ci.cluster_id = c.id)
           OR s.latest_output_value IS DISTINCT FROM (SELECT ci.output_value FROM cluster_indicator ci WHERE ci.cluster_id = c.id
                                                       ORDER BY ci.year DESC LIMIT 1)
           OR s.first_recognized_on IS DISTINCT FROM (SELECT min(r.recognized_on) FROM recognition r WHERE r.cluster_id = c.id)
        """

    @Test("after loading sample data and after every kind of write, each cluster's summary equals a recount")
    func followsEveryWrite() async throws {
        let database = try await ProjectDatabase.seeded("summary")
        let steps: [(String, String)] = [
            ("sample data (COPY)", "SELECT 1"),
            ("enterprises moved to another cluster (and one of its counties)", """
                CREATE TABLE moved AS
                    SELECT e.id, cc.cluster_id AS target, cc.county_code FROM enterprise e
                    CROSS JOIN LATERAL (SELECT x.cluster_id, x.county_code FROM cluster_county x
                                        WHERE x.cluster_id <> e.cluster_id ORDER BY x.cluster_id LIMIT 1) cc
                    WHERE e.cluster_id IS NOT NULL ORDER BY e.id LIMIT 3;
                UPDATE enterprise e SET cluster_id = m.target, county_code = m.county_code FROM moved m WHERE e.id = m.id;
                """),
            ("a cluster's enterprises deleted, then inserted again", """
                CREATE TABLE gone AS SELECT * FROM enterprise WHERE cluster_id = (SELECT min(id) FROM cluster);
                DELETE FROM enterprise WHERE cluster_id = (SELECT min(id) FROM cluster);
                """),
            ("the same enterprises inserted again", "INSERT INTO enterprise SELECT * FROM gone"),
            ("support measures: an amount changed, one moved, one deleted", """
                UPDATE support_measure SET amount_yuan = amount_yuan + 1 WHERE id = (SELECT min(id) FROM support_measure WHERE amount_yuan IS NOT NULL);
                UPDATE support_measure SET cluster_id = (SELECT max(id) FROM cluster) WHERE id = (SELECT max(id) FROM support_measure);
                DELETE FROM support_measure WHERE id = (SELECT min(id) FROM support_measure);
                """),
            ("a newer year of indicators, its output changed, another cluster's oldest year deleted", """
                CREATE TABLE newer AS SELECT * FROM cluster_indicator
                WHERE (cluster_id, year) = (SELECT cluster_id, max(year) FROM cluster_indicator GROUP BY cluster_id ORDER BY cluster_id LIMIT 1);
                UPDATE newer SET year = year + 1, output_value = output_value + 7;
                INSERT INTO cluster_indicator SELECT * FROM newer;
                UPDATE cluster_indicator SET output_value = output_value + 5
                WHERE (cluster_id, year) = (SELECT cluster_id, max(year) FROM cluster_indicator GROUP BY cluster_id ORDER BY cluster_id LIMIT 1);
                DELETE FROM cluster_indicator WHERE (cluster_id, year) = (SELECT cluster_id, min(year) FROM cluster_indicator
                                                                         GROUP BY cluster_id ORDER BY cluster_id DESC LIMIT 1);
                """),
            ("a recognition moved a day later", """
                UPDATE recognition SET recognized_on = recognized_on + 1 WHERE id = (SELECT min(id) FROM recognition)
                """),
            ("a new cluster, with nothing yet", """
                INSERT INTO cluster (code, name, name_en, leading_industry, applicant_county_code, status_code)
                VALUES ('GZTS-SUMMARY-01', '汇总测试集群', 'Summary test cluster', '白酒', '520382', 'CULTIVATING');
                INSERT INTO cluster_county VALUES ((SELECT id FROM cluster WHERE code = 'GZTS-SUMMARY-01'), '520382', 100);
                """),
            ("every enterprise truncated", "TRUNCATE enterprise CASCADE"),
        ]
        for (step, sql) in steps {
            let drift = try await ProjectDatabase.withConnection(database) { connection in
                try connection.execute(sql)
                return try connection.query(Self.drift).scalar
            }
            #expect(drift == "0", "after \(step): \(drift ?? "nil") clusters differ from a recount")
        }
        let empty = try await ProjectDatabase.withConnection(database) { connection in
            try connection.query("""
                SELECT (SELECT count(*) FROM moved),
                       (SELECT enterprise_count FROM cluster_summary s JOIN cluster c ON c.id = s.cluster_id WHERE c.code = 'GZTS-SUMMARY-01'),
                       (SELECT sum(enterprise_count) FROM cluster_summary)
                """)
        }
        #expect(empty[0, 0] == "3", "the move step moved nothing, so it tested nothing")
        #expect(empty[0, 1] == "0")
        #expect(empty[0, 2] == "0")
    }

    @Test("two transactions adding enterprises to one cluster at once leave both counted, not the last one's view")
    func concurrentWriters() async throws {
        let database = try await ProjectDatabase.seeded("summary")
        // Two enterprises of the cluster are taken out, then put back by two transactions that overlap.
        let setup = try await ProjectDatabase.withConnection(database) { connection in
            try connection.execute("""
                CREATE TABLE held AS SELECT * FROM enterprise WHERE cluster_id = (SELECT min(id) FROM cluster) ORDER BY id LIMIT 2;
                DELETE FROM enterprise WHERE id IN (SELECT id FROM held);
                """)
            return try connection.query("""
                SELECT (SELECT min(id) FROM held), (SELECT max(id) FROM held), (SELECT min(id) FROM cluster),
                       (SELECT enterprise_count FROM cluster_summary WHERE cluster_id = (SELECT min(id) FROM cluster))
                """)
        }
        let (first, second, cluster) = (setup[0, 0] ?? "", setup[0, 1] ?? "", setup[0, 2] ?? "")
        let before = Int(setup[0, 3] ?? "") ?? -1

        let writerA = try await ProjectDatabase.blocking { try PostgresConnection.connect(database, logger: TestLogging.logger) }
        defer { writerA.close() }
        try await ProjectDatabase.blocking { try writerA.execute("BEGIN; INSERT INTO enterprise SELECT * FROM held WHERE id = \(first);") }
        // B's insert waits for A's lock on the summary row; A commits once B is seen waiting.
        let writerB = Task {
            try await ProjectDatabase.withConnection(database) { connection in
                try connection.execute("BEGIN; INSERT INTO enterprise SELECT * FROM held WHERE id = \(second); COMMIT;")
            }
        }
        let waited = try await ProjectDatabase.sessionWaitsOnLock(database, runningTextContaining: "FROM held WHERE id = \(second)")
        #expect(waited, "the second writer never waited for the first")
        try await ProjectDatabase.blocking { try writerA.execute("COMMIT") }
        try await writerB.value
        let after = try await ProjectDatabase.withConnection(database) { connection in
            try connection.query("SELECT enterprise_count FROM cluster_summary WHERE cluster_id = \(cluster)").scalar
        }
        #expect(after == String(before + 2))
    }
}
