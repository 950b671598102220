import Catalog
import Engine
import Foundation
import GraphQL
import Planner
import Postgres
import TestSupport
import Testing

/// Status and validity on a day (issue 5 §1; issue 14 §3: validity through its last day, by the Civil Code), worked
/// out by hand on the programme of `TargetProgressTests`: C1 applied 2023-05-10 and was recognised 2023-08-25 (valid
/// through 2026-08-25); C2 recognised 2024-09-20 and revoked 2025-06-01; C3 recognised 2020-05-01 (valid through
/// 2023-05-01); C4 recognised 2022-01-04 (valid through 2025-01-04), asked for a re-review on 2025-01-05, the day after
/// its validity ended (Art. 16), and was renewed on 2025-01-10 (valid through 2028-01-10).
@Suite("Status as of a date")
struct StatusAsOfTests {
    private func service() async throws -> QueryService {
        let database = try await ProjectDatabase.migrated("statusasof")
        try await ProjectDatabase.withConnection(database) { try $0.execute(TargetProgressTests.programme) }
        let pool = ConnectionPool(configuration: database, options: .init(size: 1, sessionSettings: QueryService.sessionSettings), logger: TestLogging.logger)
        let source = try String(contentsOf: Repository.url("schema/schema.graphql"), encoding: .utf8)
        return try await ProjectDatabase.settingUp { try QueryService(schemaSource: source, catalog: .qunji, pool: pool, logger: TestLogging.logger, limits: .testing) }
    }

    @Test("before, on and after recognition, expiry, revocation and renewal")
    func edges() async throws {
        let service = try await service()
        defer { Task { await service.pool.shutdown() } }
        let cases: [(String, String, String)] = [
            // cluster, day, expected {status validUntil daysUntilExpiry reviewDue}
            ("T-C1", "2023-05-09", #"{"status" : "CULTIVATING", "validUntil" : null, "daysUntilExpiry" : null, "reviewDue" : false}"#),
            ("T-C1", "2023-08-24", #"{"status" : "APPLYING", "validUntil" : null, "daysUntilExpiry" : null, "reviewDue" : false}"#),
            ("T-C1", "2023-08-25", #"{"status" : "RECOGNIZED", "validUntil" : "2026-08-25", "daysUntilExpiry" : 1096, "reviewDue" : false}"#),
            ("T-C1", "2026-05-26", #"{"status" : "RECOGNIZED", "validUntil" : "2026-08-25", "daysUntilExpiry" : 91, "reviewDue" : false}"#),
            ("T-C1", "2026-05-27", #"{"status" : "RECOGNIZED", "validUntil" : "2026-08-25", "daysUntilExpiry" : 90, "reviewDue" : true}"#),
            ("T-C1", "2026-08-24", #"{"status" : "RECOGNIZED", "validUntil" : "2026-08-25", "daysUntilExpiry" : 1, "reviewDue" : true}"#),
            // The last valid day is valid (0 days left); expired from the next.
            ("T-C1", "2026-08-25", #"{"status" : "RECOGNIZED", "validUntil" : "2026-08-25", "daysUntilExpiry" : 0, "reviewDue" : true}"#),
            ("T-C1", "2026-08-26", #"{"status" : "EXPIRED", "validUntil" : null, "daysUntilExpiry" : null, "reviewDue" : true}"#),
            ("T-C2", "2025-05-31", #"{"status" : "RECOGNIZED", "validUntil" : "2027-09-20", "daysUntilExpiry" : 842, "reviewDue" : false}"#),
            ("T-C2", "2025-06-01", #"{"status" : "REVOKED", "validUntil" : null, "daysUntilExpiry" : null, "reviewDue" : false}"#),
            ("T-C3", "2023-05-01", #"{"status" : "RECOGNIZED", "validUntil" : "2023-05-01", "daysUntilExpiry" : 0, "reviewDue" : true}"#),
            ("T-C3", "2023-05-02", #"{"status" : "EXPIRED", "validUntil" : null, "daysUntilExpiry" : null, "reviewDue" : true}"#),
            ("T-C4", "2025-01-04", #"{"status" : "RECOGNIZED", "validUntil" : "2025-01-04", "daysUntilExpiry" : 0, "reviewDue" : true}"#),
            // Re-review requested the day after the validity ended: expired while it is decided, no longer due.
            ("T-C4", "2025-01-05", #"{"status" : "EXPIRED", "validUntil" : null, "daysUntilExpiry" : null, "reviewDue" : false}"#),
            ("T-C4", "2025-01-09", #"{"status" : "EXPIRED", "validUntil" : null, "daysUntilExpiry" : null, "reviewDue" : false}"#),
            ("T-C4", "2025-01-10", #"{"status" : "RECOGNIZED", "validUntil" : "2028-01-10", "daysUntilExpiry" : 1095, "reviewDue" : false}"#),
        ]
        for (code, day, expected) in cases {
            let body = await service.run("""
                { cluster(code: "\(code)") { status(asOf: "\(day)") validUntil(asOf: "\(day)") daysUntilExpiry(asOf: "\(day)") reviewDue(asOf: "\(day)") } }
                """)
            #expect(body == #"{"data":{"cluster" : "# + expected + "}}", "\(code) on \(day)")
        }
    }

    @Test("clusters(asOf:) sets the day for fields and filters inside; a field's own asOf wins")
    func listAsOf() async throws {
        let service = try await service()
        defer { Task { await service.pool.shutdown() } }
        let end2024 = await service.run("""
            { clusters(asOf: "2024-12-31", where: {status: {eq: RECOGNIZED}}) { nodes { code status later: status(asOf: "2026-12-31") } } }
            """)
        #expect(end2024 == #"{"data":{"clusters" : {"nodes" : [{"code" : "T-C1", "status" : "RECOGNIZED", "later" : "EXPIRED"}, {"code" : "T-C2", "status" : "RECOGNIZED", "later" : "REVOKED"}, {"code" : "T-C4", "status" : "RECOGNIZED", "later" : "RECOGNIZED"}]}}}"#)
        let end2022 = await service.run(#"{ clusters(asOf: "2022-12-31", where: {status: {in: [RECOGNIZED, APPLYING]}}) { totalCount } }"#)
        // C3 (recognised 2020-05-01, valid through 2023-05-01) and C4 (recognised 2022-01-04).
        #expect(end2022 == #"{"data":{"clusters" : {"totalCount" : 2}}}"#)
        let bad = await service.run(#"{ clusters(asOf: "2024-02-30") { totalCount } }"#)
        #expect(bad.contains(#"\"asOf\" must be a Date"#) && bad.contains("BAD_USER_INPUT"), "\(bad)")
    }
}
