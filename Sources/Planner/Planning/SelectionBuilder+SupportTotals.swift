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
        // The catalog's condition tying a measure to the owner (a fund's, a cluster's).
        let measures = SQLNode.template(totals.measures, ["m": .alias(m), "t": .alias(owner)])
        let measureTable = SQLFrom.table(name: "support_measure", alias: m)
        let amount = SQLNode.call("sum", [.column(m, "amount_yuan")])
        // Grouped rows: key text, the value to look the dimension's object up by, the order, amount and count.
        func grouped(key: SQLNode, ref: SQLNode, count: SQLNode = .countAll, from: SQLFrom,
                     conditions: [SQLNode] = [measures], groupBy: [SQLNode]) -> SQLSelect {
            SQLSelect(columns: [(key, "key"), (ref, "ref"), (amount, "amount"), (count, "n")], from: [from],
                      conditions: conditions, groupBy: groupBy)
        }
        let rows: SQLSelect
        let order: [SQLOrder]
        switch totals.dimension {
        case .year:
            rows = grouped(key: .cast(.column(m, "year"), "text"), ref: .column(m, "year"), from: measureTable,
                           groupBy: [.column(m, "year")])
            order = [SQLOrder(expression: .column(x, "ref"))]
        case .direction:
            rows = grouped(key: .column(m, "direction_code"), ref: .column("d", "rank"),
                           from: .join(measureTable, .inner, .table(name: "support_direction", alias: "d"),
                                       on: .binary(.column("d", "code"), "=", .column(m, "direction_code"))),
                           groupBy: [.column(m, "direction_code"), .column("d", "rank")])
            order = [SQLOrder(expression: .column(x, "ref"))]
        case .fund:
            rows = grouped(key: .column(m, "fund_code"), ref: .integer(0), from: measureTable,
                           conditions: [measures, .isNull(.column(m, "fund_code"), negated: true)], groupBy: [.column(m, "fund_code")])
            order = [SQLOrder(expression: .column(x, "key"))]
        case .cluster:
            rows = grouped(key: .column("c", "code"), ref: .integer(0),
                           from: .join(measureTable, .inner, .table(name: "cluster", alias: "c"),
                                       on: .binary(.column("c", "id"), "=", .column(m, "cluster_id"))),
                           groupBy: [.column("c", "code")])
            order = [SQLOrder(expression: .column(x, "amount"), descending: true, nullsFirst: false),
                     SQLOrder(expression: .column(x, "key"))]
        case .prefecture:
            // Every prefecture, zero included, so a map can draw all nine.
            let located = SQLFrom.join(
                .join(measureTable, .inner, .table(name: "cluster", alias: "c"),
                      on: .binary(.column("c", "id"), "=", .column(m, "cluster_id"))),
                .inner, .table(name: "county", alias: "k"), on: .binary(.column("k", "code"), "=", .column("c", "applicant_county_code")))
            rows = grouped(key: .column("p", "code"), ref: .integer(0), count: .call("count", [.column(m, "id")]),
                           from: .join(.table(name: "prefecture", alias: "p"), .left, located,
                                       on: .binary(.binary(.column("k", "prefecture_code"), "=", .column("p", "code")), "AND", measures)),
                           conditions: [], groupBy: [.column("p", "code")])
            order = [SQLOrder(expression: .column(x, "key"))]
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
            case "key": pairs.append((item.responseKey, .call("to_json", [.column(x, "key")])))
            case "year":
                pairs.append((item.responseKey, totals.dimension == .year ? .call("to_json", [.column(x, "ref")]) : .null("json")))
            case "direction":
                pairs.append((item.responseKey, totals.dimension == .direction ? .call("to_json", [.column(x, "key")]) : .null("json")))
            case "measures": pairs.append((item.responseKey, .call("to_json", [.column(x, "n")])))
            case "amount": pairs.append((item.responseKey, .call("to_json", [.column(x, "amount")])))
            case "prefecture", "cluster", "fund":
                guard let (entityName, column) = dimensionObject else {
                    pairs.append((item.responseKey, .null("json")))
                    continue
                }
                let alias = state.alias()
                pairs.append((item.responseKey, try objectSubquery(try entity(entityName), alias: alias,
                                                                   conditions: [.binary(.column(alias, column), "=", .column(x, "key"))],
                                                                   group: item)))
            default:
                throw .unsupported("SupportTotal.\(item.name) is not supported.")
            }
        }
        return .jsonArray(element: .jsonObject(pairs), orderBy: order,
                          from: SQLSelect(columns: [], from: [.subquery(rows, alias: x)]))
    }
}
