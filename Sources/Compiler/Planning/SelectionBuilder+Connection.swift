import Catalog
import GraphQL

/// Connections (design §5-6): `totalCount`, `nodes`, `edges { cursor node }`, `pageInfo`, with
/// `first`/`after`, `last`/`before` and `offset`, in a deterministic keyset order.
extension SelectionBuilder {
    /// One column of the effective order: an expression over the row and the type its cursor value is
    /// bound as.
    struct OrderColumn {
        let expression: SQLExpression
        let cast: String
    }

    /// The entity's order: its default order, then its key (the tie-breaker that makes cursors stable).
    func orderColumns(_ entity: Entity) -> [OrderColumn] {
        var columns: [OrderColumn] = entity.defaultOrder.map { expression in
            let kind = entity.fields.values.lazy.compactMap { field -> ScalarKind? in
                if case .value(let value) = field, value.expression == expression { return value.kind }
                return nil
            }.first
            return OrderColumn(expression: expression, cast: Self.sqlType(kind))
        }
        for key in entity.key where !columns.contains(where: { $0.expression == .column(key.column) }) {
            columns.append(OrderColumn(expression: .column(key.column), cast: key.sqlType))
        }
        return columns
    }

    static func sqlType(_ kind: ScalarKind?) -> String {
        switch kind {
        case .int: return "bigint"
        case .float, .decimal: return "numeric"
        case .date: return "date"
        case .boolean: return "boolean"
        default: return "text"
        }
    }

    private struct PageArguments {
        var first: Int?
        var last: Int?
        var after: String?
        var before: String?
        var offset: Int
    }

    private func pageArguments(_ group: FieldCollector.Group) throws(QueryError) -> PageArguments {
        var arguments = PageArguments(offset: 0)
        for argument in group.first.arguments {
            guard let value = InputValue.resolve(argument.value, variables: state.variables), value != .null else { continue }
            switch argument.name.value {
            case "first": arguments.first = value.intValue
            case "last": arguments.last = value.intValue
            case "after": arguments.after = value.textValue
            case "before": arguments.before = value.textValue
            case "offset": arguments.offset = value.intValue ?? 0
            default: continue
            }
        }
        let at = location(group.first)
        for (name, size) in [("first", arguments.first), ("last", arguments.last)] {
            guard let size else { continue }
            if size < 0 { throw .badInput("\"\(name)\" must not be negative (got \(size)).", location: at) }
            if size > limits.maximumPageSize {
                throw .badInput("\"\(name)\" must be at most \(limits.maximumPageSize) (got \(size)); page with cursors.",
                                location: at)
            }
        }
        if arguments.first != nil && arguments.last != nil {
            throw .badInput("Pass \"first\" or \"last\", not both.", location: at)
        }
        if arguments.offset < 0 {
            throw .badInput("\"offset\" must not be negative (got \(arguments.offset)).", location: at)
        }
        return arguments
    }

    /// A connection over `entity`, restricted to the rows related to `relation`'s owner when given.
    func connection(_ entity: Entity, relation: (relation: Relation, owner: String)?, group: FieldCollector.Group)
        throws(QueryError) -> SQLNode
    {
        let arguments = try pageArguments(group)
        let backward = arguments.last != nil
        let pageSize = arguments.last ?? arguments.first ?? limits.defaultPageSize
        let order = orderColumns(entity)
        let fingerprint = Cursor.fingerprint(entity.typeName + "|" + order.map { $0.expression.render(alias: "t") }.joined(separator: ","))

        /// Conditions for a row at `alias` to belong to this connection (before cursors).
        func related(_ alias: String) -> [SQLNode] {
            relation.map { [.fragment($0.relation.render(owner: $0.owner, related: alias))] } ?? []
        }
        func cursorValues(_ cursor: String, _ name: String) throws(QueryError) -> SQLNode {
            guard let values = Cursor.decode(cursor, fingerprint: fingerprint, count: order.count),
                  values.allSatisfy({ $0 != nil })
            else {
                throw .badInput("\"\(name)\" is not a cursor of this list: use a cursor returned by \(entity.typeName) "
                                + "\(group.name) with the same order.", location: location(group.first))
            }
            return .row(zip(order, values).map { state.bind($1, as: $0.cast) })
        }
        func rowValue(_ alias: String) -> SQLNode {
            .row(order.map { .fragment($0.expression.render(alias: alias)) })
        }

        let afterValues = try arguments.after.map { cursor throws(QueryError) in try cursorValues(cursor, "after") }
        let beforeValues = try arguments.before.map { cursor throws(QueryError) in try cursorValues(cursor, "before") }

        let rowAlias = state.alias()
        let page = state.alias("p")
        let connectionType = "\(entity.typeName)Connection"
        let groups = try collector.collect(group.subselections, typeName: connectionType)
        // Parameters are bound on first use: PostgreSQL refuses a statement with an unused parameter
        // (it cannot infer its type), and which ones are used depends on the selection.
        var pageEndParameter: SQLNode?
        /// Row numbers count from the first row after the cursor, before OFFSET skips any: the page is
        /// rows offset+1 … offset+size (the page query fetches one more, to know whether more follow).
        func inPage() -> SQLNode {
            if pageEndParameter == nil {
                pageEndParameter = state.bind(String(pageSize + arguments.offset), as: "bigint")
            }
            return .binary(.fragment("\(page).o"), "<=", pageEndParameter ?? .integer(0))
        }
        let outputOrder = [SQLOrder(expression: .fragment("\(page).o"), descending: backward)]

        var pageColumns: [(expression: SQLNode, alias: String?)] = []
        func nodeColumn(_ selections: [SelectionSet]) throws(QueryError) -> String {
            let name = "n\(pageColumns.count)"
            pageColumns.append((try object(entity, alias: rowAlias, selections: selections), name))
            return "\(page).\(name)"
        }
        var usesPage = false
        var pairs: [(key: String, value: SQLNode)] = []
        for sub in groups {
            switch sub.name {
            case "__typename":
                pairs.append((sub.responseKey, .call("to_json", [.literal(connectionType)])))
            case "totalCount":
                let counted = state.alias()
                pairs.append((sub.responseKey, .subquery(SQLSelect(
                    columns: [(.countAll, nil)], from: [.table(name: entity.table, alias: counted)],
                    conditions: related(counted)))))
            case "nodes":
                usesPage = true
                let column = try nodeColumn(sub.subselections)
                pairs.append((sub.responseKey, .call("coalesce", [
                    .aggregate(name: "json_agg", argument: .fragment(column), orderBy: outputOrder, filter: inPage()),
                    .fragment("'[]'::json"),
                ])))
            case "edges":
                usesPage = true
                let edgeGroups = try collector.collect(sub.subselections, typeName: "\(entity.typeName)Edge")
                var edgePairs: [(key: String, value: SQLNode)] = []
                for edge in edgeGroups {
                    switch edge.name {
                    case "cursor": edgePairs.append((edge.responseKey, .call("to_json", [.fragment("\(page).c")])))
                    case "node": edgePairs.append((edge.responseKey, .fragment(try nodeColumn(edge.subselections))))
                    default: edgePairs.append((edge.responseKey, .call("to_json", [.literal("\(entity.typeName)Edge")])))
                    }
                }
                pairs.append((sub.responseKey, .call("coalesce", [
                    .aggregate(name: "json_agg", argument: .jsonObject(edgePairs), orderBy: outputOrder, filter: inPage()),
                    .fragment("'[]'::json"),
                ])))
            case "pageInfo":
                usesPage = true
                let infoGroups = try collector.collect(sub.subselections, typeName: "PageInfo")
                var infoPairs: [(key: String, value: SQLNode)] = []
                func more() -> SQLNode { .binary(.countAll, ">", state.bind(String(pageSize), as: "bigint")) }
                func exists(_ comparison: String, _ values: SQLNode) -> SQLNode {
                    let other = state.alias()
                    return .exists(SQLSelect(columns: [(.integer(1), nil)], from: [.table(name: entity.table, alias: other)],
                                             conditions: related(other) + [.binary(rowValue(other), comparison, values)]))
                }
                func anyRow() -> SQLNode {
                    let other = state.alias()
                    return .exists(SQLSelect(columns: [(.integer(1), nil)], from: [.table(name: entity.table, alias: other)],
                                             conditions: related(other)))
                }
                for info in infoGroups {
                    let value: SQLNode
                    switch info.name {
                    case "hasNextPage":
                        value = backward ? (beforeValues.map { exists(">=", $0) } ?? .fragment("false")) : more()
                    case "hasPreviousPage":
                        if backward {
                            value = more()
                        } else {
                            var previous = afterValues.map { exists("<=", $0) } ?? .fragment("false")
                            if arguments.offset > 0 { previous = .binary(previous, "OR", anyRow()) }
                            value = previous
                        }
                    case "startCursor", "endCursor":
                        let reverse = (info.name == "endCursor") != backward
                        value = .element(.aggregate(name: "array_agg", argument: .fragment("\(page).c"),
                                                    orderBy: [SQLOrder(expression: .fragment("\(page).o"), descending: reverse)],
                                                    filter: inPage()), 1)
                    default:
                        value = .literal("PageInfo")
                    }
                    infoPairs.append((info.responseKey, .call("to_json", [value])))
                }
                pairs.append((sub.responseKey, .jsonObject(infoPairs)))
            default:
                throw .unsupported("\(connectionType).\(sub.name) is not supported.")
            }
        }
        let connectionObject = SQLNode.jsonObject(pairs)
        guard usesPage else { return connectionObject }

        var conditions = related(rowAlias)
        if let afterValues { conditions.append(.binary(rowValue(rowAlias), ">", afterValues)) }
        if let beforeValues { conditions.append(.binary(rowValue(rowAlias), "<", beforeValues)) }
        let rowOrder = order.map { SQLOrder(expression: .fragment($0.expression.render(alias: rowAlias)), descending: backward) }
        let orderText = rowOrder.map { SQLRenderer.render($0.expression) + ($0.descending ? " DESC" : " ASC") }
            .joined(separator: ", ")
        pageColumns.append((.fragment(Cursor.sql(fingerprint: fingerprint,
                                                  values: order.map { $0.expression.render(alias: rowAlias) })), "c"))
        pageColumns.append((.fragment("row_number() OVER (ORDER BY \(orderText))"), "o"))
        let pageSelect = SQLSelect(
            columns: pageColumns, from: [.table(name: entity.table, alias: rowAlias)], conditions: conditions,
            orderBy: rowOrder, limit: state.bind(String(pageSize + 1), as: "bigint"),
            offset: arguments.offset > 0 ? state.bind(String(arguments.offset), as: "bigint") : nil)
        return .subquery(SQLSelect(columns: [(connectionObject, nil)], from: [.subquery(pageSelect, alias: page)]))
    }
}
