import Catalog
import GraphQL

/// `targetProgress(plan:, asOf:)` (Art. 5): clusters first recognised in a plan period and those still
/// holding a valid recognition (Art. 16, 19), overall, per year and per prefecture, in one subquery.
///
/// A cluster counts once, in the year of its first recognition, kept per cluster in `cluster_summary` (migration
/// 0014) rather than found by grouping every recognition; "valid on asOf" is `clusters_valid_on` (the
/// recognition in force, not revoked), the rule behind `Cluster.validUntil` too.
///
/// The clusters are counted once, grouped by prefecture and year into a few dozen rows held as parallel
/// arrays in a lateral subquery; every figure then sums a slice of those arrays. Counting the clusters again
/// for each figure, prefecture and year (as this did first) cost 0.3 s at scale 100, against 17 ms now
/// (BENCHMARKS.md).
extension SelectionBuilder {
    func targetProgress(_ group: FieldCollector.Group) throws(QueryError) -> SQLNode {
        var plan: SQLNode = state.bind("14th-FYP", as: "text")
        var asOf: SQLNode = .null("date")
        for argument in group.first.arguments {
            guard let value = InputValue.resolve(argument.value, variables: state.variables), value != .null else { continue }
            switch argument.name.value {
            case "plan":
                plan = try state.bind(value, from: InputSource(argument.value), .argument(name: "plan", range: nil), as: "text",
                                      location: location(group.first))
            case "asOf":
                if let day = try dateArgument(group.first, "asOf") { asOf = state.bind(day: day) }
            default: continue
            }
        }
        // It reads every cluster's recognitions, whatever is selected.
        state.chargeRows(state.tableRows.rows(try entity("Cluster").table), perThousandRows: ScanWeights.targetProgress)
        let tp = state.alias("tp")
        let source = SQLSelect(
            columns: [(.column("pt", "*"), nil),
                      (.call("coalesce", [asOf, .call("qunji_today", [])]), "as_of")],
            from: [.table(name: "plan_target", alias: "pt")],
            conditions: [.binary(.column("pt", "code"), "=", plan)])

        // The facts per prefecture and year of first recognition, from the rule's function (migration 0019): four
        // arrays of equal length.
        let f = state.alias("f")
        let facts = SQLNode.call("target_progress_facts", [
            .column(tp, "as_of"), .cast(.column(tp, "start_year"), "int"), .cast(.column(tp, "end_year"), "int"),
        ])
        /// The sum of one count array, over the rows meeting `condition` (on `year` or `prefecture_code`).
        func total(_ counts: String, where condition: SQLNode? = nil) -> SQLNode {
            let rows = SQLNode.call("unnest", [.column(f, counts), .column(f, "years"), .column(f, "prefectures")])
            return .subquery(SQLSelect(columns: [(.cast(.call("coalesce", [.call("sum", [.column("u", "n")]), .integer(0)]), "bigint"), nil)],
                                       from: [.call(rows, alias: "u(n, year, prefecture_code)")],
                                       conditions: condition.map { [$0] } ?? []))
        }

        var pairs: [(key: String, value: SQLNode)] = []
        for sub in try collector.collect(group.subselections, typeName: "TargetProgress") {
            let value: SQLNode
            switch sub.name {
            case "__typename": value = .literal("TargetProgress")
            case "target": value = .column(tp, "target_count")
            case "asOf": value = .column(tp, "as_of")
            case "recognized": value = total("recognized")
            case "stillValid": value = total("still_valid")
            case "shareOfTarget":
                value = .cast(.call("round", [.binary(.cast(total("recognized"), "numeric"), "/", .column(tp, "target_count")),
                                              .integer(4)]), "float8")
            case "plan":
                let target = try entity("PlanTarget")
                let alias = state.alias()
                pairs.append((sub.responseKey, try objectSubquery(target, alias: alias,
                                                                  conditions: [.binary(.column(alias, "code"), "=", .column(tp, "code"))],
                                                                  group: sub)))
                continue
            case "byYear":
                // Unpaginated lists count like pages: a plan's years (five), the prefectures (nine).
                let outerYears = state.enterList(items: UnpaginatedLists.planYears)
                defer { state.leaveList(outerYears) }
                var yearPairs: [(key: String, value: SQLNode)] = []
                for item in try collector.collect(sub.subselections, typeName: "TargetProgressYear") {
                    switch item.name {
                    case "year": yearPairs.append((item.responseKey, .call("to_json", [.column("y", "year")])))
                    case "recognized":
                        yearPairs.append((item.responseKey, .call("to_json", [
                            total("recognized", where: .binary(.column("u", "year"), "=", .column("y", "year")))])))
                    default: yearPairs.append((item.responseKey, .call("to_json", [.literal("TargetProgressYear")])))
                    }
                }
                let years = SQLNode.call("generate_series", [.cast(.column(tp, "start_year"), "int"), .cast(.column(tp, "end_year"), "int")])
                pairs.append((sub.responseKey, .jsonArray(element: .jsonObject(yearPairs), orderBy: [SQLOrder(expression: .column("y", "year"))],
                                                          from: SQLSelect(columns: [], from: [.call(years, alias: "y(year)")]))))
                continue
            case "byPrefecture":
                let outerPrefectures = state.enterList(items: UnpaginatedLists.prefectures)
                defer { state.leaveList(outerPrefectures) }
                let p = state.alias("p")
                var prefecturePairs: [(key: String, value: SQLNode)] = []
                for item in try collector.collect(sub.subselections, typeName: "TargetProgressPrefecture") {
                    switch item.name {
                    case "prefecture":
                        prefecturePairs.append((item.responseKey, try object(try entity("Prefecture"), alias: p,
                                                                             selections: item.subselections)))
                    case "recognized":
                        prefecturePairs.append((item.responseKey, .call("to_json", [
                            total("recognized", where: .binary(.column("u", "prefecture_code"), "=", .column(p, "code")))])))
                    case "stillValid":
                        prefecturePairs.append((item.responseKey, .call("to_json", [
                            total("still_valid", where: .binary(.column("u", "prefecture_code"), "=", .column(p, "code")))])))
                    default:
                        prefecturePairs.append((item.responseKey, .call("to_json", [.literal("TargetProgressPrefecture")])))
                    }
                }
                pairs.append((sub.responseKey, .jsonArray(element: .jsonObject(prefecturePairs),
                                                          orderBy: [SQLOrder(expression: .column(p, "code"))],
                                                          from: SQLSelect(columns: [], from: [.table(name: "prefecture", alias: p)]))))
                continue
            default:
                throw .unsupported("TargetProgress.\(sub.name) is not supported.")
            }
            pairs.append((sub.responseKey, .call("to_json", [value])))
        }
        return .subquery(SQLSelect(columns: [(.jsonObject(pairs), nil)],
                                   from: [.subquery(source, alias: tp), .call(facts, alias: f)]))
    }
}
