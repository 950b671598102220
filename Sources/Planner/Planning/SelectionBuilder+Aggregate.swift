import Catalog
import GraphQL

/// `aggregate { count sum { … } avg { … } min { … } max { … } }` on a connection: one subquery over the
/// whole filtered list (not the page), computed only when selected.
extension SelectionBuilder {
    func aggregate(_ entity: Entity, group: FieldCollector.Group,
                   rowsOf conditions: (String) throws(QueryError) -> [SQLNode]) throws(QueryError) -> SQLNode {
        let alias = state.alias()
        let typeName = "\(entity.typeName)Aggregate"
        var pairs: [(key: String, value: SQLNode)] = []
        // Whether any aggregate function is selected: without one (only `__typename`s) the subquery
        // would return a row per matching row instead of one, so the constant object is answered as is.
        var aggregates = false
        for sub in try collector.collect(group.subselections, typeName: typeName) {
            switch sub.name {
            case "__typename":
                pairs.append((sub.responseKey, .call("to_json", [.literal(typeName)])))
            case "count":
                aggregates = true
                pairs.append((sub.responseKey, .call("to_json", [.countAll])))
            case "sum", "avg", "min", "max":
                let fieldsType = "\(entity.typeName)\(sub.name.prefix(1).uppercased() + sub.name.dropFirst())Fields"
                var fieldPairs: [(key: String, value: SQLNode)] = []
                for item in try collector.collect(sub.subselections, typeName: fieldsType) {
                    if item.name == "__typename" {
                        fieldPairs.append((item.responseKey, .call("to_json", [.literal(fieldsType)])))
                        continue
                    }
                    guard case .value(let value)? = entity.fields[item.name] else {
                        throw .unsupported("\(fieldsType).\(item.name) has no column in the catalog.")
                    }
                    let expression = valueNode(value, alias: alias)
                    let aggregated: SQLNode = sub.name == "avg"
                        ? .cast(.call("avg", [expression]), "float8")
                        : .call(sub.name, [expression])
                    fieldPairs.append((item.responseKey, .call("to_json", [aggregated])))
                    aggregates = true
                }
                pairs.append((sub.responseKey, .jsonObject(fieldPairs)))
            default:
                throw .unsupported("\(typeName).\(sub.name) is not supported.")
            }
        }
        guard aggregates else { return .jsonObject(pairs) }
        return .subquery(SQLSelect(columns: [(.jsonObject(pairs), nil)], from: [rows(of: entity, alias: alias)],
                                   conditions: try conditions(alias)))
    }
}
