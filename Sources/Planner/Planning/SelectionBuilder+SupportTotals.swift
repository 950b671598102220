import Catalog
import GraphQL

/// Fund managers' summaries: support measures of one fund or cluster totalled per year, direction,
/// prefecture, cluster or fund (`[SupportTotal!]!`), each from the SQL function `support_totals` in the same statement.
extension SelectionBuilder {
    func supportTotals(_ totals: SupportTotals, owner: String, ownerTable: String, group: FieldCollector.Group)
        throws(QueryError) -> SQLNode
    {
        // It reads the owner's support measures (on average), per owner row.
        state.chargeRows(state.tableRows.rows(try entity("SupportMeasure").table, perRowOf: ownerTable), perThousandRows: ScanWeights.supportTotal)
        // An unpaginated list: counted as many rows as its dimension can have.
        let outer = state.enterList(items: UnpaginatedLists.rows(totals.dimension))
        defer { state.leaveList(outer) }
        // The totals come from the SQL functions that hold them (migration 0021), inlined by PostgreSQL: the
        // dimension and the owner's kind are constants, so each plans one key and one indexed condition.
        let x = state.alias("x")
        let ownerArguments: [SQLNode]
        switch totals.owner {
        case .fund: ownerArguments = [.constant("FUND"), .column(owner, totals.owner.column), .null("bigint")]
        case .cluster: ownerArguments = [.constant("CLUSTER"), .null("text"), .column(owner, totals.owner.column)]
        }
        let rows = totals.dimension == .prefecture
            ? SQLFrom.call(.call("support_totals_by_prefecture", ownerArguments), alias: x)
            : SQLFrom.call(.call("support_totals", [.constant(totals.dimension.rawValue.uppercased())] + ownerArguments), alias: x)
        let order: [SQLOrder]
        switch totals.dimension {
        case .year, .direction:
            order = [SQLOrder(expression: .column(x, "ref"))]
        case .fund, .prefecture:
            order = [SQLOrder(expression: .column(x, "key"))]
        case .cluster:
            order = [SQLOrder(expression: .column(x, "amount"), descending: true, nullsFirst: false),
                     SQLOrder(expression: .column(x, "key"))]
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
            case "measures": pairs.append((item.responseKey, .call("to_json", [.column(x, "measures")])))
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
        return .jsonArray(element: .jsonObject(pairs), orderBy: order, from: SQLSelect(columns: [], from: [rows]))
    }
}
