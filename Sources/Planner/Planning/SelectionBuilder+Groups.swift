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
        var filterSource = InputSource.none
        var having: InputValue?
        var havingSource = InputSource.none
        var orderBy: [InputValue] = []
        var limit = Self.defaultGroupLimit
        for argument in group.first.arguments {
            guard let value = InputValue.resolve(argument.value, variables: state.variables), value != .null else { continue }
            switch argument.name.value {
            case "groupBy":
                if case .list(let items) = value { dimensionNames = items.compactMap(\.textValue) }
            case "where":
                filter = value
                filterSource = InputSource(argument.value)
            case "having":
                having = value
                havingSource = InputSource(argument.value)
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
        func aggregateExpression(_ function: String, _ fieldName: String) throws(QueryError) -> (SQLNode, ScalarKind) {
            guard case .value(let value)? = entity.fields[fieldName] else {
                throw .badInput("\(entity.typeName).\(fieldName) cannot be aggregated.", location: at)
            }
            let column = valueNode(value, alias: r)
            switch function {
            case "avg": return (.cast(.call("avg", [column]), "float8"), .float)
            default: return (.call(function, [column]), value.kind)
            }
        }
        func key(_ index: Int, of alias: String) -> SQLNode { .column(alias, "k\(index)") }

        // Rows: the filtered table with its dimension values as plain columns k0…, so grouping, ordering
        // and the window below all refer to simple columns. `r` is that row set, with every table column.
        let t = state.alias("t")
        var table = rows(of: entity, alias: t)
        var joinAliases: [String] = []
        for dimension in dimensions {
            let alias = state.alias("j")
            if let joined = dimension.join(table, row: t, alias: alias, day: dayNode()) { table = joined }
            joinAliases.append(alias)
        }
        let rows = SQLSelect(
            columns: [(.column(t, "*"), nil)] + dimensions.enumerated().map { index, dimension in
                (dimension.node(row: t, joined: joinAliases[index]), "k\(index)")
            },
            from: [table],
            conditions: try filter.flatMap { filter throws(QueryError) in try filterCondition(entity, filter, source: filterSource, alias: t, field: group.first) }
                .map { [$0] } ?? [])
        // Groups: one row per group with its keys, count and the selected aggregates a0….
        var columns: [(expression: SQLNode, alias: String?)] = dimensions.indices.map { (key($0, of: r), "k\($0)") }
        columns.append((.countAll, "n"))

        // having: count and aggregate filters, ANDed.
        var havingParts: [SQLNode] = []
        if case .object(let entries)? = having {
            for key in entries.keys.sorted() {
                guard let value = entries[key], value != .null else { continue }
                if key == "count" {
                    havingParts.append(try operators(.countAll, kind: .int, value, source: havingSource.child(key), field: group.first))
                    continue
                }
                guard case .object(let fields) = value else { continue }
                for fieldName in fields.keys.sorted() {
                    guard let fieldFilter = fields[fieldName], fieldFilter != .null else { continue }
                    let (expression, kind) = try aggregateExpression(key, fieldName)
                    havingParts.append(try operators(expression, kind: kind, fieldFilter, source: havingSource.child(key).child(fieldName),
                                                     field: group.first))
                }
            }
        }

        // orderBy: count, an aggregate or a key; then every key.
        var order: [SQLOrder] = []
        for item in orderBy {
            guard case .object(let entries) = item else { continue }
            let keys = entries.filter { $0.value != .null }.keys.sorted()
            guard keys.count == 1, let key = keys.first, let value = entries[key] else {
                throw .badInput("Each orderBy item of \(group.name) needs exactly one key; got \(keys.count).", location: at)
            }
            func ordered(_ expression: SQLNode, _ value: InputValue) throws(QueryError) -> SQLOrder {
                guard case .enumValue(let name) = value, let parsed = OrderColumn.direction(name) else {
                    throw .badInput("orderBy of \(group.name) takes an OrderDirection.", location: at)
                }
                return SQLOrder(expression: expression, descending: parsed.descending, nullsFirst: parsed.nullsFirst)
            }
            if key == "count" {
                order.append(try ordered(.countAll, value))
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
                order.append(try ordered(.column(r, "k\(index)"), nestedValue))
            } else {
                order.append(try ordered(try aggregateExpression(key, fieldName).0, nestedValue))
            }
        }
        order += dimensions.indices.map { SQLOrder(expression: key($0, of: r), nullsFirst: false) }

        // Outer object per group, in selection order.
        var pairs: [(key: String, value: SQLNode)] = []
        var aggregateColumns = 0
        for sub in try collector.collect(group.subselections, typeName: "\(entity.typeName)Group") {
            switch sub.name {
            case "__typename": pairs.append((sub.responseKey, .call("to_json", [.literal("\(entity.typeName)Group")])))
            case "count": pairs.append((sub.responseKey, .call("to_json", [.column(g, "n")])))
            case "key":
                var keyPairs: [(key: String, value: SQLNode)] = []
                for item in try collector.collect(sub.subselections, typeName: "\(entity.typeName)GroupKey") {
                    if item.name == "__typename" {
                        keyPairs.append((item.responseKey, .call("to_json", [.literal("\(entity.typeName)GroupKey")])))
                        continue
                    }
                    guard let index = dimensions.firstIndex(where: { $0.keyField == item.name }) else {
                        keyPairs.append((item.responseKey, .null("json")))
                        continue
                    }
                    if let target = dimensions[index].target {
                        let alias = state.alias()
                        keyPairs.append((item.responseKey, try objectSubquery(try self.entity(target.entity), alias: alias,
                            conditions: [.binary(.column(alias, target.column), "=", key(index, of: g))], group: item)))
                    } else {
                        keyPairs.append((item.responseKey, .call("to_json", [key(index, of: g)])))
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
                    columns.append((try aggregateExpression(sub.name, item.name).0, name))
                    fieldPairs.append((item.responseKey, .call("to_json", [.column(g, name)])))
                }
                pairs.append((sub.responseKey, .jsonObject(fieldPairs)))
            default:
                throw .unsupported("\(entity.typeName)Group.\(sub.name) is not supported.")
            }
        }
        columns.append((.window("row_number", [], orderBy: order), "o"))
        let grouped = SQLSelect(columns: columns, from: [.subquery(rows, alias: r)], groupBy: dimensions.indices.map { key($0, of: r) },
                                having: havingParts, orderBy: order, limit: state.bind(String(limit), as: "bigint"))
        return .jsonArray(element: .jsonObject(pairs), orderBy: [SQLOrder(expression: .column(g, "o"))],
                          from: SQLSelect(columns: [], from: [.subquery(grouped, alias: g)]))
    }
}
