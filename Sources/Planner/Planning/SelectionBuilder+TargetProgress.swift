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
        var plan = "14th-FYP"
        var asOf: String?
        for argument in group.first.arguments {
            guard let value = InputValue.resolve(argument.value, variables: state.variables), value != .null else { continue }
            switch argument.name.value {
            case "plan": plan = value.textValue ?? plan
            case "asOf":
                guard let text = value.textValue, ScalarFormats.isDate(text) else {
                    throw .badInput("\"asOf\" must be a Date (YYYY-MM-DD).", location: location(group.first))
                }
                asOf = text
            default: continue
            }
        }
        // It reads every cluster's recognitions, whatever is selected.
        state.chargeRows(state.tableRows.rows(try entity("Cluster").table), perThousandRows: ScanWeights.targetProgress)
        let tp = state.alias("tp")
        let source = SQLSelect(
            columns: [(.fragment("pt.*"), nil),
                      (.call("coalesce", [state.bind(asOf, as: "date"), .fragment(Self.todaySQL)]), "as_of")],
            from: [.table(name: "plan_target", alias: "pt")],
            conditions: [.binary(.fragment("pt.code"), "=", state.bind(plan, as: "text"))])

        // One row per prefecture and year of first recognition, with how many clusters and how many of them
        // still valid on asOf; kept as four arrays of equal length.
        let f = state.alias("f")
        // First recognised in the plan's years, by asOf. A count filter rather than a WHERE: the bounds come from
        // the plan row, unknown when PostgreSQL plans, and as a WHERE they made it expect a few dozen clusters and
        // choose nested loops for thousands (scale 100). Clusters outside the plan add zeros.
        let inPlan = "fr.first_recognized_on <= \(tp).as_of AND fr.first_recognized_on >= make_date(\(tp).start_year::int, 1, 1) "
            + "AND fr.first_recognized_on < make_date(\(tp).end_year::int + 1, 1, 1)"
        let facts = "LATERAL (SELECT array_agg(g.prefecture_code) AS prefectures, array_agg(g.year) AS years, "
            + "array_agg(g.recognized) AS recognized, array_agg(g.still_valid) AS still_valid "
            + "FROM (SELECT k.prefecture_code, extract(year FROM fr.first_recognized_on)::int AS year, "
            + "count(*) FILTER (WHERE \(inPlan)) AS recognized, count(vv.cluster_id) FILTER (WHERE \(inPlan)) AS still_valid "
            + "FROM cluster_summary fr JOIN cluster c ON c.id = fr.cluster_id JOIN county k ON k.code = c.applicant_county_code "
            + "LEFT JOIN clusters_valid_on(\(tp).as_of) vv ON vv.cluster_id = fr.cluster_id "
            + "WHERE fr.first_recognized_on IS NOT NULL GROUP BY 1, 2) g)"
        /// The sum of one count array, over the rows meeting `condition` (on `year` or `prefecture_code`).
        func total(_ counts: String, where condition: String? = nil) -> SQLNode {
            .fragment("(SELECT coalesce(sum(u.n), 0)::bigint FROM unnest(\(f).\(counts), \(f).years, \(f).prefectures) "
                      + "u(n, year, prefecture_code)" + (condition.map { " WHERE " + $0 } ?? "") + ")")
        }

        var pairs: [(key: String, value: SQLNode)] = []
        for sub in try collector.collect(group.subselections, typeName: "TargetProgress") {
            let value: SQLNode
            switch sub.name {
            case "__typename": value = .literal("TargetProgress")
            case "target": value = .fragment("\(tp).target_count")
            case "asOf": value = .fragment("\(tp).as_of")
            case "recognized": value = total("recognized")
            case "stillValid": value = total("still_valid")
            case "shareOfTarget":
                value = .fragment("round(\(SQLRenderer.render(total("recognized")))::numeric / \(tp).target_count, 4)::float8")
            case "plan":
                let target = try entity("PlanTarget")
                let alias = state.alias()
                pairs.append((sub.responseKey, try objectSubquery(target, alias: alias,
                                                                  conditions: [.fragment("\(alias).code = \(tp).code")], group: sub)))
                continue
            case "byYear":
                // Unpaginated lists count like pages: a plan's years (five), the prefectures (nine).
                let outerYears = state.enterList(items: UnpaginatedLists.planYears)
                defer { state.leaveList(outerYears) }
                var yearPairs: [(key: String, value: SQLNode)] = []
                for item in try collector.collect(sub.subselections, typeName: "TargetProgressYear") {
                    switch item.name {
                    case "year": yearPairs.append((item.responseKey, .call("to_json", [.fragment("y")])))
                    case "recognized":
                        yearPairs.append((item.responseKey, .call("to_json", [total("recognized", where: "u.year = y")])))
                    default: yearPairs.append((item.responseKey, .call("to_json", [.literal("TargetProgressYear")])))
                    }
                }
                pairs.append((sub.responseKey, .fragment(
                    "(SELECT coalesce(json_agg(\(SQLRenderer.render(.jsonObject(yearPairs))) ORDER BY y), '[]'::json) "
                        + "FROM generate_series(\(tp).start_year::int, \(tp).end_year::int) y)")))
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
                            total("recognized", where: "u.prefecture_code = \(p).code")])))
                    case "stillValid":
                        prefecturePairs.append((item.responseKey, .call("to_json", [
                            total("still_valid", where: "u.prefecture_code = \(p).code")])))
                    default:
                        prefecturePairs.append((item.responseKey, .call("to_json", [.literal("TargetProgressPrefecture")])))
                    }
                }
                pairs.append((sub.responseKey, .fragment(
                    "(SELECT coalesce(json_agg(\(SQLRenderer.render(.jsonObject(prefecturePairs))) ORDER BY \(p).code), '[]'::json) "
                        + "FROM prefecture \(p))")))
                continue
            default:
                throw .unsupported("TargetProgress.\(sub.name) is not supported.")
            }
            pairs.append((sub.responseKey, .call("to_json", [value])))
        }
        return .subquery(SQLSelect(columns: [(.jsonObject(pairs), nil)],
                                   from: [.subquery(source, alias: tp), .function(call: facts, alias: f)]))
    }
}
