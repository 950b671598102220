import Catalog
import GraphQL

/// Fund managers' summaries: support measures of one fund or cluster totalled per year, direction,
/// prefecture, cluster or fund (`[SupportTotal!]!`), each a grouped subquery in the same statement.
extension SelectionBuilder {
    func supportTotals(_ totals: SupportTotals, owner: String, ownerTable: String, group: FieldCollector.Group)
        throws(QueryError) -> SQLNode
    {
        // It reads the owner's support measures (on average), per owner row.
        state.chargeRows(state.tableRows.rows(try entity("SupportMeasure").table, perRowOf: ownerTable), perThousandRows: ScanWeights.supportTotal)
        // An unpaginated list: counted as many rows as its dimension can have.
        let outer = state.enterList(items: UnpaginatedLists.rows(totals.dimension))
        defer { state.leaveList(outer) }
        let m = state.alias("m")
        let x = state.alias("x")
        let measures = totals.measures.replacingOccurrences(of: "{m}", with: m).replacingOccurrences(of: "{t}", with: owner)
        // Grouped rows: key text, the value to look the dimension's object up by, the order, amount and count.
        let grouped: String
        let order: String
        switch totals.dimension {
        case .year:
            grouped = "SELECT \(m).year::text AS key, \(m).year AS ref, sum(\(m).amount_yuan) AS amount, count(*) AS n "
                + "FROM support_measure \(m) WHERE \(measures) GROUP BY \(m).year"
            order = "\(x).ref"
        case .direction:
            grouped = "SELECT \(m).direction_code AS key, d.rank AS ref, sum(\(m).amount_yuan) AS amount, count(*) AS n "
                + "FROM support_measure \(m) JOIN support_direction d ON d.code = \(m).direction_code WHERE \(measures) "
                + "GROUP BY \(m).direction_code, d.rank"
            order = "\(x).ref"
        case .fund:
            grouped = "SELECT \(m).fund_code AS key, 0 AS ref, sum(\(m).amount_yuan) AS amount, count(*) AS n "
                + "FROM support_measure \(m) WHERE \(measures) AND \(m).fund_code IS NOT NULL GROUP BY \(m).fund_code"
            order = "\(x).key"
        case .cluster:
            grouped = "SELECT c.code AS key, 0 AS ref, sum(\(m).amount_yuan) AS amount, count(*) AS n "
                + "FROM support_measure \(m) JOIN cluster c ON c.id = \(m).cluster_id WHERE \(measures) GROUP BY c.code"
            order = "\(x).amount DESC NULLS LAST, \(x).key"
        case .prefecture:
            // Every prefecture, zero included, so a map can draw all nine.
            grouped = "SELECT p.code AS key, 0 AS ref, sum(\(m).amount_yuan) AS amount, count(\(m).id) AS n FROM prefecture p "
                + "LEFT JOIN (support_measure \(m) JOIN cluster c ON c.id = \(m).cluster_id JOIN county k ON k.code = c.applicant_county_code) "
                + "ON k.prefecture_code = p.code AND \(measures) GROUP BY p.code"
            order = "\(x).key"
        }
        var pairs: [(key: String, value: SQLNode)] = []
        for item in try collector.collect(group.subselections, typeName: "SupportTotal") {
            let dimensionObject: (entity: String, column: String)?
            switch (item.name, totals.dimension) {
            case ("prefecture", .prefecture): dimensionObject = ("Prefecture", "code")
            case ("cluster", .cluster): dimensionObject = ("Cluster", "code")
            case ("fund", .fund): dimensionObject = ("Fund", "code")
            default: dimensionObject = nil
            }
            switch item.name {
            case "__typename": pairs.append((item.responseKey, .call("to_json", [.literal("SupportTotal")])))
            case "key": pairs.append((item.responseKey, .call("to_json", [.fragment("\(x).key")])))
            case "year":
                pairs.append((item.responseKey, totals.dimension == .year ? .call("to_json", [.fragment("\(x).ref")]) : .fragment("NULL::json")))
            case "direction":
                pairs.append((item.responseKey, totals.dimension == .direction ? .call("to_json", [.fragment("\(x).key")]) : .fragment("NULL::json")))
            case "measures": pairs.append((item.responseKey, .call("to_json", [.fragment("\(x).n")])))
            case "amount": pairs.append((item.responseKey, .call("to_json", [.fragment("\(x).amount")])))
            case "prefecture", "cluster", "fund":
                guard let (entityName, column) = dimensionObject else {
                    pairs.append((item.responseKey, .fragment("NULL::json")))
                    continue
                }
                let alias = state.alias()
                pairs.append((item.responseKey, try objectSubquery(try entity(entityName), alias: alias,
                                                                   conditions: [.fragment("\(alias).\(column) = \(x).key")], group: item)))
            default:
                throw .unsupported("SupportTotal.\(item.name) is not supported.")
            }
        }
        return .fragment("(SELECT coalesce(json_agg(\(SQLRenderer.render(.jsonObject(pairs))) ORDER BY \(order)), '[]'::json) "
                         + "FROM (\(grouped)) \(x))")
    }
}
