import Catalog
import Engine
import Foundation
import GraphQL
import Planner
import Postgres
import TestSupport
import Testing

/// `targetProgress` against figures worked out by hand on a small programme the test inserts itself.
@Suite("Target progress")
struct TargetProgressTests {
    /// Four clusters: C1 (Renhuai, Zunyi) recognised 2023-08-25; C2 (Huaxi, Guiyang) recognised 2024-09-20
    /// and revoked 2025-06-01; C3 (Honghuagang, Zunyi) recognised 2020-05-01, before the plan period; C4
    /// (Zheng'an, Zunyi) recognised 2022-01-04 (valid through 2025-01-04) and renewed by a re-review requested the
    /// day after, on 2025-01-10.
    static let programme = """
        BEGIN;
        INSERT INTO cluster (id, code, name, name_en, leading_industry, applicant_county_code, status_code) VALUES
          (1, 'T-C1', 'C1', 'C1', '白酒', '520382', 'RECOGNIZED'), (2, 'T-C2', 'C2', 'C2', '装备', '520111', 'REVOKED'),
          (3, 'T-C3', 'C3', 'C3', '辣椒', '520302', 'EXPIRED'), (4, 'T-C4', 'C4', 'C4', '吉他', '520324', 'RECOGNIZED');
        INSERT INTO cluster_county VALUES (1, '520382', 100), (2, '520111', 100), (3, '520302', 100), (4, '520324', 100);
        INSERT INTO application_round VALUES
          (2020, 'r', '2020-03-01', '2020-04-01', 'MIIT-2022', NULL, true), (2022, 'r', '2022-01-01', '2022-01-02', 'MIIT-2022', NULL, true),
          (2023, 'r', '2023-05-01', '2023-06-30', 'MIIT-2022', NULL, true), (2024, 'r', '2024-05-01', '2024-06-30', 'MIIT-2022', NULL, true);
        INSERT INTO application (id, round_year, cluster_id, applicant_county_code, prefecture_code, submitted_on, first_review_on,
                                 recommended_on, provincial_review_on, public_notice_from, public_notice_to, decided_on, outcome_code) VALUES
          (1, 2023, 1, '520382', '520300', '2023-05-10', '2023-06-01', '2023-06-20', '2023-07-20', '2023-07-31', '2023-08-04', '2023-08-25', 'APPROVED'),
          (2, 2024, 2, '520111', '520100', '2024-05-10', '2024-06-01', '2024-06-20', '2024-08-01', '2024-08-26', '2024-08-30', '2024-09-20', 'APPROVED'),
          (3, 2020, 3, '520302', '520300', '2020-03-10', '2020-03-15', '2020-03-20', '2020-04-01', '2020-04-10', '2020-04-15', '2020-05-01', 'APPROVED'),
          (4, 2022, 4, '520324', '520300', '2022-01-01', '2022-01-01', '2022-01-01', '2022-01-02', '2022-01-02', '2022-01-03', '2022-01-04', 'APPROVED');
        INSERT INTO recognition (id, cluster_id, application_id, recognized_on) VALUES
          (1, 1, 1, '2023-08-25'), (2, 2, 2, '2024-09-20'), (3, 3, 3, '2020-05-01'), (4, 4, 4, '2022-01-04');
        INSERT INTO review (id, cluster_id, recognition_id, prefecture_code, requested_on, decided_on, outcome_code)
          VALUES (1, 4, 4, '520300', '2025-01-05', '2025-01-10', 'APPROVED');
        INSERT INTO recognition (id, cluster_id, review_id, recognized_on) VALUES (5, 4, 1, '2025-01-10');
        INSERT INTO revocation (cluster_id, recognition_id, ground_code, revoked_on) VALUES (2, 2, 'REPORTING_FAILURE', '2025-06-01');
        COMMIT;
        """

    @Test("counts per plan, year and prefecture as of two dates")
    func handComputed() async throws {
        let database = try await ProjectDatabase.migrated("progress")
        try await ProjectDatabase.withConnection(database) { try $0.execute(Self.programme) }
        let pool = ConnectionPool(configuration: database, options: .init(size: 1, sessionSettings: QueryService.sessionSettings), logger: TestLogging.logger)
        defer { Task { await pool.shutdown() } }
        let source = try String(contentsOf: Repository.url("schema/schema.graphql"), encoding: .utf8)
        let service = try await ProjectDatabase.settingUp { try QueryService(schemaSource: source, catalog: .qunji, pool: pool, logger: TestLogging.logger, limits: .testing) }
        let query = """
            query($asOf: Date) { targetProgress(asOf: $asOf) { plan { code } target recognized stillValid shareOfTarget asOf
              byYear { year recognized } byPrefecture { prefecture { code } recognized stillValid } } }
            """
        let end2025 = await service.run(query, variables: ["asOf": .string("2025-12-31")])
        let prefectures = ["520100": (1, 0), "520300": (2, 2)]
        let byPrefecture = ["520100", "520200", "520300", "520400", "520500", "520600", "522300", "522600", "522700"]
            .map { code in
                let (recognized, valid) = prefectures[code] ?? (0, 0)
                return "{\"prefecture\" : {\"code\" : \"\(code)\"}, \"recognized\" : \(recognized), \"stillValid\" : \(valid)}"
            }.joined(separator: ", ")
        #expect(end2025 == "{\"data\":{\"targetProgress\" : {\"plan\" : {\"code\" : \"14th-FYP\"}, \"target\" : 30, "
            + "\"recognized\" : 3, \"stillValid\" : 2, \"shareOfTarget\" : 0.1, \"asOf\" : \"2025-12-31\", \"byYear\" : "
            + "[{\"year\" : 2021, \"recognized\" : 0}, {\"year\" : 2022, \"recognized\" : 1}, {\"year\" : 2023, \"recognized\" : 1}, "
            + "{\"year\" : 2024, \"recognized\" : 1}, {\"year\" : 2025, \"recognized\" : 0}], \"byPrefecture\" : [\(byPrefecture)]}}}")

        let end2023 = await service.run("{ targetProgress(asOf: \"2023-12-31\") { recognized stillValid } }")
        #expect(end2023 == #"{"data":{"targetProgress" : {"recognized" : 2, "stillValid" : 2}}}"#)
        // C4's first recognition is valid through 2025-01-04 (its last day counts), lapsed from 2025-01-05 while the
        // re-review was decided, and valid again from the renewal on 2025-01-10.
        for (day, valid) in [("2025-01-04", 3), ("2025-01-05", 2), ("2025-01-09", 2), ("2025-01-10", 3)] {
            let body = await service.run("{ targetProgress(asOf: \"\(day)\") { stillValid } }")
            #expect(body == #"{"data":{"targetProgress" : {"stillValid" : "# + "\(valid)}}}", "\(day)")
        }
        let unknown = await service.run("{ targetProgress(plan: \"13th-FYP\") { target } }")
        #expect(unknown == #"{"data":{"targetProgress" : null}}"#)
    }

    @Test("on the sample data: 31 recognised in 2023-2025, 27 still valid on the data's cut-off")
    func sampleData() async throws {
        let service = try await ServiceFixture.shared.service()
        let body = await service.run("{ targetProgress(asOf: \"2026-11-15\") { target recognized stillValid byYear { year recognized } } }")
        #expect(body == #"{"data":{"targetProgress" : {"target" : 30, "recognized" : 31, "stillValid" : 27, "byYear" : [{"year" : 2021, "recognized" : 0}, {"year" : 2022, "recognized" : 0}, {"year" : 2023, "recognized" : 10}, {"year" : 2024, "recognized" : 10}, {"year" : 2025, "recognized" : 11}]}}}"#)
    }
}
