import Engine
import Foundation
import GraphQL
import Planner
import TestSupport
import Testing

/// Every operator on every scalar kind, null handling included: the filtered count equals PostgreSQL's
/// count for the same condition written by hand.
@Suite("Filter operators")
struct OperatorMatrixTests {
    /// (list, GraphQL field, SQL table, SQL column, a value as GraphQL literal, the same as SQL literal, a second value)
    static let subjects: [(String, String, String, String, String, String, String, String)] = [
        ("enterprises", "employees", "enterprise", "employees", "300", "300", "20", "20"),                      // Int
        ("enterprises", "revenue", "enterprise", "revenue", #""20000000""#, "20000000", #""3000000.5""#, "3000000.5"), // Decimal
        ("enterprises", "foundedOn", "enterprise", "founded_on", #""2010-06-01""#, "'2010-06-01'", #""2001-01-01""#, "'2001-01-01'"), // Date
        ("clusterIndicators", "cloudAdoptionRate", "cluster_indicator", "cloud_adoption_rate", "0.5", "0.5", "0.3", "0.3"), // Float
        ("enterprises", "name", "enterprise", "name", #""仁怀""#, "'仁怀'", #""遵义""#, "'遵义'"),              // String
        ("enterprises", "size", "enterprise", "size_code", "SMALL", "'SMALL'", "MICRO", "'MICRO'"),           // enum
        ("counties", "code", "county", "code", #""520382""#, "'520382'", #""520111""#, "'520111'"),           // ID
        ("enterprises", "isLeadingEnterprise", "enterprise", "is_leading_enterprise", "true", "true", "false", "false"), // Boolean
        ("enterprises", "rdExpenditure", "enterprise", "rd_expenditure", #""100000""#, "100000", #""50000""#, "50000"), // nullable Decimal
    ]

    @Test("eq ne in notIn lt lte gt gte isNull on Int, Decimal, Date, Float, String, enum, ID, Boolean", arguments: subjects.indices)
    func operators(index: Int) async throws {
        let (list, field, table, column, value, sqlValue, other, sqlOther) = Self.subjects[index]
        let service = try await ServiceFixture.shared.service()
        let database = try await ServiceFixture.shared.seededDatabase()
        let isBoolean = field == "isLeadingEnterprise"
        let isIDOrEnum = ["size", "code"].contains(field)
        var cases: [(String, String)] = [
            ("{eq: \(value)}", "\(column) = \(sqlValue)"),
            ("{ne: \(value)}", "\(column) <> \(sqlValue)"),
            ("{isNull: true}", "\(column) IS NULL"),
            ("{isNull: false}", "\(column) IS NOT NULL"),
            ("{eq: null}", "true"),
        ]
        if !isBoolean {
            cases += [
                ("{in: [\(value), \(other)]}", "\(column) IN (\(sqlValue), \(sqlOther))"),
                ("{notIn: [\(value), \(other)]}", "\(column) NOT IN (\(sqlValue), \(sqlOther))"),
                ("{in: []}", "false"),
            ]
        }
        if !isBoolean && !isIDOrEnum {
            cases += [
                ("{lt: \(value)}", "\(column) < \(sqlValue)"), ("{lte: \(value)}", "\(column) <= \(sqlValue)"),
                ("{gt: \(value)}", "\(column) > \(sqlValue)"), ("{gte: \(value), lt: \(other)}", "\(column) >= \(sqlValue) AND \(column) < \(sqlOther)"),
            ]
        }
        if field == "name" {
            cases += [
                (#"{startsWith: "仁怀"}"#, "name LIKE '仁怀%'"), (#"{contains: "酒"}"#, "name LIKE '%酒%'"),
                (#"{like: "%酒_有限公司"}"#, "name LIKE '%酒_有限公司'"), (#"{ilike: "%股份%"}"#, "name ILIKE '%股份%'"),
                (#"{istartsWith: "仁怀"}"#, "name ILIKE '仁怀%'"), (#"{icontains: "有限"}"#, "name ILIKE '%有限%'"),
                (#"{contains: "%"}"#, "false"),
            ]
        }
        for (filter, condition) in cases {
            let body = await service.run("{ \(list)(where: {\(field): \(filter)}) { totalCount } }")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any], "\(field) \(filter): \(body)")
            let got = ((json["data"] as? [String: Any])?[list] as? [String: Any])?["totalCount"] as? Int
            let expected = try await ProjectDatabase.withConnection(database) { connection in
                try connection.query("SELECT count(*) FROM \(table) WHERE \(condition)").scalar.flatMap { Int($0) }
            }
            #expect(got == expected, "\(field) \(filter)")
        }
    }
}
