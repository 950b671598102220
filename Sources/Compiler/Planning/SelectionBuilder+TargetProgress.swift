import Catalog
import GraphQL

/// `targetProgress(plan:, asOf:)` (Art. 5): clusters first recognised in a plan period and those still
/// holding a valid recognition (Art. 16, 19), overall, per year and per prefecture, in one subquery.
///
/// A cluster counts once, in the year of its first recognition; "valid on asOf" is
/// `cluster_valid_until_on` (the recognition in force, not revoked), as for `Cluster.validUntil`.
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
        let tp = state.alias("tp")
        let source = SQLSelect(
            columns: [(.fragment("pt.*"), nil),
                      (.call("coalesce", [state.bind(asOf, as: "date"), .fragment("current_date")]), "as_of")],
            from: [.table(name: "plan_target", alias: "pt")],
            conditions: [.binary(.fragment("pt.code"), "=", state.bind(plan, as: "text"))])

        /// Clusters with their first recognition up to asOf, restricted to the plan period.
        func firstRecognitions(_ alias: String) -> String {
            "(SELECT r.cluster_id, min(r.recognized_on) AS first_on FROM recognition r WHERE r.recognized_on <= \(tp).as_of "
                + "GROUP BY r.cluster_id HAVING extract(year FROM min(r.recognized_on)) BETWEEN \(tp).start_year AND \(tp).end_year) \(alias)"
        }
        /// The same rule as `Cluster.validUntil`: one SQL function (migration 0009) defines validity.
        func validOnAsOf(_ cluster: String) -> String {
            "cluster_valid_until_on(\(cluster), \(tp).as_of) IS NOT NULL"
        }
        func count(where condition: String?, join: String = "") -> SQLNode {
            let x = state.alias("x")
            return .fragment("(SELECT count(*) FROM \(firstRecognitions(x))\(join.isEmpty ? "" : " " + join.replacingOccurrences(of: "{x}", with: x))"
                             + (condition.map { " WHERE " + $0.replacingOccurrences(of: "{x}", with: x) } ?? "") + ")")
        }

        var pairs: [(key: String, value: SQLNode)] = []
        for sub in try collector.collect(group.subselections, typeName: "TargetProgress") {
            let value: SQLNode
            switch sub.name {
            case "__typename": value = .literal("TargetProgress")
            case "target": value = .fragment("\(tp).target_count")
            case "asOf": value = .fragment("\(tp).as_of")
            case "recognized": value = count(where: nil)
            case "stillValid": value = count(where: validOnAsOf("{x}.cluster_id"))
            case "shareOfTarget":
                value = .fragment("round(\(SQLRenderer.render(count(where: nil)))::numeric / \(tp).target_count, 4)::float8")
            case "plan":
                let target = try entity("PlanTarget")
                let alias = state.alias()
                pairs.append((sub.responseKey, try objectSubquery(target, alias: alias,
                                                                  conditions: [.fragment("\(alias).code = \(tp).code")], group: sub)))
                continue
            case "byYear":
                var yearPairs: [(key: String, value: SQLNode)] = []
                for item in try collector.collect(sub.subselections, typeName: "TargetProgressYear") {
                    switch item.name {
                    case "year": yearPairs.append((item.responseKey, .call("to_json", [.fragment("y")])))
                    case "recognized":
                        yearPairs.append((item.responseKey, .call("to_json", [count(where: "extract(year FROM {x}.first_on) = y")])))
                    default: yearPairs.append((item.responseKey, .call("to_json", [.literal("TargetProgressYear")])))
                    }
                }
                pairs.append((sub.responseKey, .fragment(
                    "(SELECT coalesce(json_agg(\(SQLRenderer.render(.jsonObject(yearPairs))) ORDER BY y), '[]'::json) "
                        + "FROM generate_series(\(tp).start_year::int, \(tp).end_year::int) y)")))
                continue
            case "byPrefecture":
                let p = state.alias("p")
                let inPrefecture = "JOIN cluster c ON c.id = {x}.cluster_id JOIN county k ON k.code = c.applicant_county_code"
                var prefecturePairs: [(key: String, value: SQLNode)] = []
                for item in try collector.collect(sub.subselections, typeName: "TargetProgressPrefecture") {
                    switch item.name {
                    case "prefecture":
                        prefecturePairs.append((item.responseKey, try object(try entity("Prefecture"), alias: p,
                                                                             selections: item.subselections)))
                    case "recognized":
                        prefecturePairs.append((item.responseKey, .call("to_json", [
                            count(where: "k.prefecture_code = \(p).code", join: inPrefecture)])))
                    case "stillValid":
                        prefecturePairs.append((item.responseKey, .call("to_json", [
                            count(where: "k.prefecture_code = \(p).code AND " + validOnAsOf("{x}.cluster_id"), join: inPrefecture)])))
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
        return .subquery(SQLSelect(columns: [(.jsonObject(pairs), nil)], from: [.subquery(source, alias: tp)]))
    }
}
