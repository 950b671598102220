import Engine
import Foundation
import GraphQL
import Planner
import TestSupport
import Testing

/// `aggregate` is computed over the filtered list, not the page, and equals PostgreSQL's own aggregates.
@Suite("Aggregates")
struct AggregateTests {
    @Test("count, sum, avg, min and max over a filtered list match SQL, whatever the page")
    func matchesSQL() async throws {
        let service = try await ServiceFixture.shared.service()
        let database = try await ServiceFixture.shared.seededDatabase()
        let body = await service.run("""
            { supportMeasures(first: 2, where: {kind: {eq: GRANT}}) {
                aggregate { count sum { amountYuan } avg { amountYuan } min { approvedOn amountYuan } max { year } } } }
            """)
        let expected = try await ProjectDatabase.withConnection(database) { connection in
            try connection.query("""
                SELECT json_build_object('count', count(*), 'sum', json_build_object('amountYuan', sum(amount_yuan)),
                       'avg', json_build_object('amountYuan', avg(amount_yuan)::float8),
                       'min', json_build_object('approvedOn', min(approved_on), 'amountYuan', min(amount_yuan)),
                       'max', json_build_object('year', max(year)))::text
                FROM support_measure WHERE kind_code = 'GRANT'
                """).scalar ?? ""
        }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any], "\(body)")
        let aggregate = (((json["data"] as? [String: Any])?["supportMeasures"] as? [String: Any])?["aggregate"])
        let expectedJSON = try JSONSerialization.jsonObject(with: Data(expected.utf8))
        #expect(NSDictionary(dictionary: aggregate as? [String: Any] ?? [:]).isEqual(expectedJSON), "\(body) vs \(expected)")
        #expect(body.contains("\"count\" : 147"), "\(body)")
    }

    @Test("nested aggregates per related list, exact decimal sums, and nulls on empty lists")
    func nested() async throws {
        let service = try await ServiceFixture.shared.service()
        let body = await service.run("""
            { fund(code: "NEW_INDUSTRIALIZATION_FUND") { supportMeasures { aggregate { count sum { amountYuan } } } }
              cluster(code: "GZTS-520382-01") { revocations { aggregate { count } } supportMeasures(where: {year: {eq: 1999}}) { aggregate { count sum { amountYuan } max { approvedOn } } } } }
            """)
        #expect(body == #"{"data":{"fund" : {"supportMeasures" : {"aggregate" : {"count" : 10, "sum" : {"amountYuan" : 1561000000.00}}}}, "cluster" : {"revocations" : {"aggregate" : {"count" : 0}}, "supportMeasures" : {"aggregate" : {"count" : 0, "sum" : {"amountYuan" : null}, "max" : {"approvedOn" : null}}}}}}"#)
    }
}
