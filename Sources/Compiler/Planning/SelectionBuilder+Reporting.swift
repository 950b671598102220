import Catalog
import GraphQL

/// `Cluster.reportingCompliance(asOf:)` (Art. 18, 19(3)): each year the cluster held a recognition, the
/// report due 10 March of the next year, and whether it came on time, late, not at all, or is not due yet.
///
/// A year is owed when some recognition was in force during it and was not revoked before that year's
/// due date. A report submitted after `asOf` counts as not submitted on `asOf`.
extension SelectionBuilder {
    func reportingCompliance(owner: String, group: FieldCollector.Group) throws(QueryError) -> SQLNode {
        let d = daySQL(try dateArgument(group.first, "asOf"))
        let y = state.alias("y")
        let years = "SELECT gs.year, make_date(gs.year + 1, 3, 10) AS due_on, "
            + "CASE WHEN ar.submitted_on <= \(d) THEN ar.submitted_on END AS submitted_on, ar.id AS report_id "
            + "FROM generate_series((SELECT extract(year FROM min(r0.recognized_on))::int FROM recognition r0 "
            + "WHERE r0.cluster_id = \(owner).id AND r0.recognized_on <= \(d)), extract(year FROM \(d))::int) AS gs(year) "
            + "LEFT JOIN annual_report ar ON ar.cluster_id = \(owner).id AND ar.year = gs.year "
            + "WHERE EXISTS (SELECT 1 FROM recognition r WHERE r.cluster_id = \(owner).id AND r.recognized_on <= \(d) "
            + "AND r.recognized_on <= make_date(gs.year, 12, 31) AND r.valid_until > make_date(gs.year, 1, 1) "
            + "AND NOT EXISTS (SELECT 1 FROM revocation v WHERE v.recognition_id = r.id AND v.revoked_on < make_date(gs.year + 1, 3, 10)))"
        var pairs: [(key: String, value: SQLNode)] = []
        for item in try collector.collect(group.subselections, typeName: "AnnualReportStatus") {
            let value: SQLNode
            switch item.name {
            case "__typename": value = .call("to_json", [.literal("AnnualReportStatus")])
            case "year": value = .call("to_json", [.fragment("\(y).year")])
            case "dueOn": value = .call("to_json", [.fragment("\(y).due_on")])
            case "submittedOn": value = .call("to_json", [.fragment("\(y).submitted_on")])
            case "status":
                value = .call("to_json", [.fragment(
                    "CASE WHEN \(y).submitted_on IS NULL AND \(y).due_on >= \(d) THEN 'NOT_DUE' "
                        + "WHEN \(y).submitted_on IS NULL THEN 'MISSING' WHEN \(y).submitted_on <= \(y).due_on THEN 'ON_TIME' "
                        + "ELSE 'LATE' END")])
            case "daysLate":
                value = .call("to_json", [.fragment(
                    "CASE WHEN \(y).submitted_on > \(y).due_on THEN \(y).submitted_on - \(y).due_on "
                        + "WHEN \(y).submitted_on IS NULL AND \(y).due_on < \(d) THEN \(d) - \(y).due_on END")])
            case "report":
                let alias = state.alias()
                value = try objectSubquery(try entity("AnnualReport"), alias: alias,
                                           conditions: [.fragment("\(alias).id = \(y).report_id")], group: item)
            default:
                throw .unsupported("AnnualReportStatus.\(item.name) is not supported.")
            }
            pairs.append((item.responseKey, value))
        }
        return .fragment("(SELECT coalesce(json_agg(\(SQLRenderer.render(.jsonObject(pairs))) ORDER BY \(y).year), '[]'::json) "
                         + "FROM (\(years)) \(y))")
    }
}
