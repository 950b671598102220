import Catalog
import GraphQL

/// `clusterGroups`, `enterpriseGroups`, `supportMeasureGroups`, `indicatorGroups` (issue 4 §3): rows
/// filtered by `where`, grouped by the requested dimensions, kept by `having`, sorted by `orderBy` (then
/// the keys) and limited by `first`; each group returns its key (entities as objects) and aggregates.
extension SelectionBuilder {
    static let defaultGroupLimit = 100
    static let maximumGroupLimit = 1000

    func groups(_ entity: Entity, _ group: FieldCollector.Group) throws(QueryError) -> SQLNode {
        let at = location(group.first)
        let outerAsOf = state.asOf
        defer { state.asOf = outerAsOf }
        var dimensionNames: [String] = []
        var filter: InputValue?
        var having: InputValue?
        var orderBy: [InputValue] = []
        var limit = Self.defaultGroupLimit
        for argument in group.first.arguments {
            guard let value = InputValue.resolve(argument.value, variables: state.variables), value != .null else { continue }
            switch argument.name.value {
            case "groupBy":
                if case .list(let items) = value { dimensionNames = items.compactMap(\.textValue) }
            case "where": filter = value
            case "having": having = value
            case "orderBy": if case .list(let items) = value { orderBy = items }
            case "asOf": state.asOf = try dateArgument(group.first, "asOf")
            case "first":
                limit = value.intValue ?? limit
                guard (0...Self.maximumGroupLimit).contains(limit) else {
                    throw .badInput("\"first\" of \(group.name) must be between 0 and \(Self.maximumGroupLimit) (got \(limit)): "
                                    + "the maximum number of groups.", location: at)
                }
            default: continue
            }
        }
        guard !dimensionNames.isEmpty, Set(dimensionNames).count == dimensionNames.count else {
            throw .badInput("groupBy needs at least one dimension, each at most once.", location: at)
        }
        let known = GroupDimension.all[entity.typeName] ?? [:]
        var dimensions: [GroupDimension] = []
        for name in dimensionNames {
            guard let dimension = known[name] else { throw .badInput("Unknown dimension \(name).", location: at) }
            dimensions.append(dimension)
        }

        // Grouping reads every row of the table (before `where` keeps some), each dimension computed per row.
        let outerScope = state.enterList(items: limit, candidates: state.tableRows.rows(entity.table))
        defer { state.leaveList(outerScope) }
        state.chargeCandidateScan(perThousandRows: ScanWeights.groupedRow + dimensions.reduce(0) { $0 + $1.costPerThousandRows })
        let r = state.alias("r")
        let g = state.alias("g")
        /// `sum(r.x)`, `avg(r.x)::float8`, … for a field of the entity.
        func aggregateExpression(_ function: String, _ fieldName: String) throws(QueryError) -> (String, ScalarKind) {
            guard case .value(let value)? = entity.fields[fieldName] else {
                throw .badInput("\(entity.typeName).\(fieldName) cannot be aggregated.", location: at)
            }
            let column = resolveAsOf(value).expression.render(alias: r)
            switch function {
            case "avg": return ("avg(\(column))::float8", .float)
            default: return ("\(function)(\(column))", value.kind)
            }
        }

        // Rows: the filtered table with its dimension values as plain columns k0…, so grouping, ordering
        // and the window below all refer to simple columns. `r` is that row set, with every table column.
        let t = state.alias("t")
        var rows = "SELECT \(t).*, " + dimensions.enumerated().map { index, dimension in
            dimension.expression.replacingOccurrences(of: "{r}", with: t) + " AS k\(index)"
        }.joined(separator: ", ") + " FROM \(source(entity)) \(t)"
        for dimension in dimensions {
            if let join = dimension.join {
                let day = join.contains("{asOf}") ? daySQL() : ""
                rows += " " + join.replacingOccurrences(of: "{r}", with: t).replacingOccurrences(of: "{asOf}", with: day)
            }
        }
        if let filter, let condition = try filterCondition(entity, filter, alias: t, field: group.first) {
            rows += " WHERE " + SQLRenderer.render(condition)
        }
        // Groups: one row per group with its keys, count and the selected aggregates a0….
        var columns: [(expression: SQLNode, alias: String?)] = dimensions.indices.map { (.fragment("\(r).k\($0)"), "k\($0)") }
        columns.append((.countAll, "n"))

        // having: count and aggregate filters, ANDed.
        var havingParts: [SQLNode] = []
        if case .object(let entries)? = having {
            for key in entries.keys.sorted() {
                guard let value = entries[key], value != .null else { continue }
                if key == "count" {
                    havingParts.append(try operators(ValueField(.template("count(*)"), .int), value, alias: r, field: group.first))
                    continue
                }
                guard case .object(let fields) = value else { continue }
                for fieldName in fields.keys.sorted() {
                    guard let fieldFilter = fields[fieldName], fieldFilter != .null else { continue }
                    let (expression, kind) = try aggregateExpression(key, fieldName)
                    havingParts.append(try operators(ValueField(.template(expression), kind), fieldFilter, alias: r, field: group.first))
                }
            }
        }

        // orderBy: count, an aggregate or a key; then every key.
        var order: [String] = []
        for item in orderBy {
            guard case .object(let entries) = item else { continue }
            let keys = entries.filter { $0.value != .null }.keys.sorted()
            guard keys.count == 1, let key = keys.first, let value = entries[key] else {
                throw .badInput("Each orderBy item of \(group.name) needs exactly one key; got \(keys.count).", location: at)
            }
            func direction(_ value: InputValue) throws(QueryError) -> String {
                guard case .enumValue(let name) = value, let parsed = OrderColumn.direction(name) else {
                    throw .badInput("orderBy of \(group.name) takes an OrderDirection.", location: at)
                }
                return (parsed.descending ? " DESC" : " ASC") + (parsed.nullsFirst ? " NULLS FIRST" : " NULLS LAST")
            }
            if key == "count" {
                order.append("count(*)" + (try direction(value)))
                continue
            }
            guard case .object(let nested) = value else { continue }
            let nestedKeys = nested.filter { $0.value != .null }.keys.sorted()
            guard nestedKeys.count == 1, let fieldName = nestedKeys.first, let nestedValue = nested[fieldName] else {
                throw .badInput("Each orderBy item of \(group.name) needs exactly one key; got \(nestedKeys.count).", location: at)
            }
            if key == "key" {
                guard let index = dimensions.firstIndex(where: { $0.keyField == fieldName }) else {
                    throw .badInput("orderBy key \(fieldName) is not one of the groupBy dimensions.", location: at)
                }
                order.append("\(r).k\(index)" + (try direction(nestedValue)))
            } else {
                order.append(try aggregateExpression(key, fieldName).0 + (try direction(nestedValue)))
            }
        }
        order += dimensions.indices.map { "\(r).k\($0) ASC NULLS LAST" }

        // Outer object per group, in selection order.
        var pairs: [(key: String, value: SQLNode)] = []
        var aggregateColumns = 0
        for sub in try collector.collect(group.subselections, typeName: "\(entity.typeName)Group") {
            switch sub.name {
            case "__typename": pairs.append((sub.responseKey, .call("to_json", [.literal("\(entity.typeName)Group")])))
            case "count": pairs.append((sub.responseKey, .call("to_json", [.fragment("\(g).n")])))
            case "key":
                var keyPairs: [(key: String, value: SQLNode)] = []
                for item in try collector.collect(sub.subselections, typeName: "\(entity.typeName)GroupKey") {
                    if item.name == "__typename" {
                        keyPairs.append((item.responseKey, .call("to_json", [.literal("\(entity.typeName)GroupKey")])))
                        continue
                    }
                    guard let index = dimensions.firstIndex(where: { $0.keyField == item.name }) else {
                        keyPairs.append((item.responseKey, .fragment("NULL::json")))
                        continue
                    }
                    if let target = dimensions[index].target {
                        let alias = state.alias()
                        keyPairs.append((item.responseKey, try objectSubquery(try self.entity(target.entity), alias: alias,
                            conditions: [.fragment("\(alias).\(target.column) = \(g).k\(index)")], group: item)))
                    } else {
                        keyPairs.append((item.responseKey, .call("to_json", [.fragment("\(g).k\(index)")])))
                    }
                }
                pairs.append((sub.responseKey, .jsonObject(keyPairs)))
            case "sum", "avg", "min", "max":
                var fieldPairs: [(key: String, value: SQLNode)] = []
                // `ClusterSumFields`, …: the type the selection is on, which `__typename` names.
                let fieldsType = "\(entity.typeName)\(sub.name.prefix(1).uppercased() + sub.name.dropFirst())Fields"
                for item in try collector.collect(sub.subselections, typeName: fieldsType) {
                    if item.name == "__typename" {
                        fieldPairs.append((item.responseKey, .call("to_json", [.literal(fieldsType)])))
                        continue
                    }
                    let name = "a\(aggregateColumns)"
                    aggregateColumns += 1
                    columns.append((.fragment(try aggregateExpression(sub.name, item.name).0), name))
                    fieldPairs.append((item.responseKey, .call("to_json", [.fragment("\(g).\(name)")])))
                }
                pairs.append((sub.responseKey, .jsonObject(fieldPairs)))
            default:
                throw .unsupported("\(entity.typeName)Group.\(sub.name) is not supported.")
            }
        }
        columns.append((.fragment("row_number() OVER (ORDER BY \(order.joined(separator: ", ")))"), "o"))

        var inner = "SELECT " + columns.map { SQLRenderer.render($0.expression) + ($0.alias.map { " AS \($0)" } ?? "") }
            .joined(separator: ", ") + " FROM (\(rows)) \(r)"
        inner += " GROUP BY " + dimensions.indices.map { "\(r).k\($0)" }.joined(separator: ", ")
        if !havingParts.isEmpty { inner += " HAVING " + havingParts.map { SQLRenderer.render($0) }.joined(separator: " AND ") }
        inner += " ORDER BY " + order.joined(separator: ", ") + " LIMIT " + SQLRenderer.render(state.bind(String(limit), as: "bigint"))
        return .fragment("(SELECT coalesce(json_agg(\(SQLRenderer.render(.jsonObject(pairs))) ORDER BY \(g).o), '[]'::json) "
                         + "FROM (\(inner)) \(g))")
    }
}
