import Catalog
import GraphQL

/// Connections (design §5-6): `totalCount`, `nodes`, `edges { cursor node }`, `pageInfo`, with
/// `first`/`after`, `last`/`before` and `offset`, in a deterministic keyset order.
extension SelectionBuilder {
    /// The list's order: the requested `orderBy`, or else the entity's default order; then its key (the
    /// tie-breaker that makes the order total and cursors stable).
    func orderColumns(_ entity: Entity, orderBy: InputValue?, field: GraphQL.Field) throws(QueryError) -> [OrderColumn] {
        var columns: [OrderColumn] = []
        if case .list(let items)? = orderBy, !items.isEmpty {
            for item in items {
                columns.append(try orderColumn(entity, item, field: field))
            }
        } else {
            columns = entity.defaultOrder.map { expression in
                let kind = entity.fields.values.lazy.compactMap { field -> ScalarKind? in
                    if case .value(let value) = field, value.expression == expression { return value.kind }
                    return nil
                }.first
                return OrderColumn(key: .value(DayBound(expression)), descending: false, nullsFirst: false, cast: Self.sqlType(kind))
            }
        }
        for key in entity.key where !columns.contains(where: { $0.key.isColumn(key.column) }) {
            columns.append(OrderColumn(key: .value(DayBound(.column(key.column))), descending: false, nullsFirst: false,
                                       cast: key.sqlType))
        }
        return columns
    }

    /// One `{field: DIRECTION}` or `{relation: {…}}` input: exactly one key, or a clear error.
    private func orderColumn(_ entity: Entity, _ input: InputValue, field: GraphQL.Field) throws(QueryError) -> OrderColumn {
        let at = location(field)
        guard case .object(let entries) = input else {
            throw .badInput("Each orderBy item must be an object with one key.", location: at)
        }
        let keys = entries.filter { $0.value != .null }.keys.sorted()
        guard keys.count == 1, let key = keys.first, let value = entries[key] else {
            throw .badInput("Each orderBy item of \(entity.typeName) needs exactly one key; got \(keys.count)"
                            + (keys.isEmpty ? "" : " (" + keys.joined(separator: ", ") + ")") + ".", location: at)
        }
        switch entity.fields[key] {
        case .value(let catalogField)? where catalogField.sortable:
            guard case .enumValue(let name) = value, let direction = OrderColumn.direction(name) else {
                throw .badInput("orderBy \(entity.typeName).\(key) takes an OrderDirection.", location: at)
            }
            return OrderColumn(key: .value(resolveAsOf(catalogField)), descending: direction.descending,
                               nullsFirst: direction.nullsFirst, cast: Self.sqlType(catalogField.kind))
        case .object(let relation)?:
            let target = try self.entity(relation.target)
            let inner = try orderColumn(target, value, field: field)
            let related = state.alias("o")
            let key = OrderKey.related(relation, rows: rows(of: target, alias: related), alias: related, inner: inner.key)
            return OrderColumn(key: key, descending: inner.descending,
                               nullsFirst: inner.nullsFirst, cast: inner.cast)
        default:
            throw .badInput("\(entity.typeName) lists cannot be ordered by \(key).", location: at)
        }
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
        var orderBy: InputValue?
        var filter: InputValue?
        var filterSource = InputSource.none
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
            case "orderBy": arguments.orderBy = value
            case "where":
                arguments.filter = value
                arguments.filterSource = InputSource(argument.value)
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

    /// A connection over `entity`, restricted to the rows related to `relation`'s owner (a row of
    /// `ownerTable`) when given.
    func connection(_ entity: Entity, relation: (relation: Relation, owner: String)?, ownerTable: String? = nil,
                    group: FieldCollector.Group) throws(QueryError) -> SQLNode
    {
        let arguments = try pageArguments(group)
        let pageSize = arguments.last ?? arguments.first ?? limits.defaultPageSize
        // What a filter, total or aggregate of this list reads: every row of the table, or, nested, the rows
        // of one owner row (on average).
        let candidates = ownerTable.map { state.tableRows.rows(entity.table, perRowOf: $0) }
            ?? state.tableRows.rows(entity.table)
        // The rows skipped by `offset` are read all the same, and an order of the client's choosing sorts every
        // candidate before the page is cut.
        if arguments.offset > 0 {
            state.chargeRows(min(arguments.offset, candidates), perThousandRows: ScanWeights.skippedRow)
        }
        if case .list(let items)? = arguments.orderBy, !items.isEmpty {
            state.chargeRows(candidates, perThousandRows: ScanWeights.scannedRow)
        }
        // A root list's page holds at most the table's rows (a nested one is counted by its page size: one owner
        // may have far more related rows than the average).
        let items = ownerTable == nil ? min(pageSize, candidates) : pageSize
        return try state.list(items: items, candidates: candidates) { () throws(QueryError) -> SQLNode in
            try connectionBody(entity, relation: relation, group: group)
        }
    }

    private func connectionBody(_ entity: Entity, relation: (relation: Relation, owner: String)?, group: FieldCollector.Group)
        throws(QueryError) -> SQLNode
    {
        // `asOf` (on `clusters`): the day status and validity inside this list are computed for.
        let outerAsOf = state.asOf
        if let day = try dateArgument(group.first, "asOf") { state.asOf = day }
        defer { state.asOf = outerAsOf }
        let arguments = try pageArguments(group)
        let backward = arguments.last != nil
        let pageSize = arguments.last ?? arguments.first ?? limits.defaultPageSize
        let order = try orderColumns(entity, orderBy: arguments.orderBy, field: group.first)
        let walk = backward ? order.map(\.reversed) : order
        let fingerprint = Cursor.fingerprint(entity.typeName + "|" + order.map(\.signature).joined(separator: ","))

        /// Conditions for a row at `alias` to belong to this connection: related to the owner, matching
        /// `where` (cursors come on top). Built per alias, so parameters are bound only where used.
        func related(_ alias: String) throws(QueryError) -> [SQLNode] {
            var conditions: [SQLNode] = relation.map { [.relation($0.relation, owner: $0.owner, related: alias)] } ?? []
            if let filter = arguments.filter,
               let condition = try filterCondition(entity, filter, source: arguments.filterSource, alias: alias, field: group.first) {
                state.chargeCandidateScan(perThousandRows: ScanWeights.scannedRow)
                conditions.append(condition)
            }
            return conditions
        }
        /// The cursor's order values (nil is an SQL NULL, handled by the conditions), checked now even if
        /// the selection turns out not to need them.
        func cursorValues(_ cursor: String, _ name: String) throws(QueryError) -> [String?] {
            // Shape and types: a hand-made cursor whose values do not parse as its columns' types is
            // refused here, not by PostgreSQL.
            guard let values = Cursor.decode(cursor, fingerprint: fingerprint, count: order.count),
                  zip(order, values).allSatisfy({ column, value in value.map { ScalarFormats.accepts($0, as: column.cast) } ?? true })
            else {
                throw .badInput("\"\(name)\" is not a cursor of this list: pass a cursor (an edge's cursor or "
                                + "pageInfo.endCursor / startCursor) that this same list `\(group.name)` returned, asked with the "
                                + "same orderBy. A cursor from another list or another order cannot be used here.",
                                location: location(group.first))
            }
            return values
        }
        /// Binds cursor values where a condition uses them (an unused parameter would fail the statement).
        func bound(_ values: [String?]) -> [SQLNode?] {
            zip(order, values).map { column, value in value.map { state.bind($0, as: column.cast) } }
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
        // Whether more rows follow the page in the direction of paging (`hasNextPage` going forward,
        // `hasPreviousPage` going backward) is known by fetching one row more than the page holds. Only then are
        // the fetched rows numbered, to leave that extra row out; otherwise the page query fetches the page alone.
        var asksForMore = false
        for sub in groups where sub.name == "pageInfo" {
            let info = try collector.collect(sub.subselections, typeName: "PageInfo")
            if info.contains(where: { $0.name == (backward ? "hasPreviousPage" : "hasNextPage") }) { asksForMore = true }
        }
        /// The rows of the page: with an extra row fetched, those numbered 1 … size (numbers count the rows the page
        /// query returned, after the cursor and OFFSET); else every row (nil: no condition).
        func inPage() -> SQLNode? {
            guard asksForMore else { return nil }
            if pageEndParameter == nil {
                pageEndParameter = state.bind(String(pageSize), as: "bigint")
            }
            return .binary(.column(page, "o"), "<=", pageEndParameter ?? .integer(0))
        }
        /// Whether the selection reads every row's cursor (edges' cursors): only then is a cursor computed per row. The
        /// start and end cursors are made from the first and last rows' order keys alone.
        var usesCursor = false
        /// The page's rows in the list's order (going backward, the rows were fetched in reverse), by their order keys.
        func pageOrder(reversed: Bool = false) -> [SQLOrder] {
            order.enumerated().map { index, column in
                let column = reversed ? column.reversed : column
                return SQLOrder(expression: .column(page, "k\(index)"), descending: column.descending, nullsFirst: column.nullsFirst)
            }
        }
        let outputOrder = pageOrder()

        // A root list asked for its total and a page, with a filter that reads other rows for each candidate (EXISTS
        // over enterprises and their titles, say): the matching rows' keys are computed once, as a materialized WITH,
        // and both read them — not the filter written twice, which made PostgreSQL evaluate it for the count and again
        // for the page (BENCHMARKS.md: 1.5 × for the analyst filter, 2 × for 54,000 or 118,000 matching enterprises).
        // Only the keys: a copy of whole rows cost more than it saved. Not for a filter on the row's own columns, or
        // none: there the count and an index-ordered page are cheaper apart (2.2 × for 300,000 matching enterprises).
        var matches: SQLCommonTable?
        let readsPage = groups.contains { ["nodes", "edges", "pageInfo"].contains($0.name) }
        if relation == nil, arguments.filter != nil, !entity.key.isEmpty, readsPage, groups.contains(where: { $0.name == "totalCount" }) {
            state.filterReadsOtherRows = false
            let costBefore = state.cost
            let filtered = state.alias()
            let conditions = try related(filtered)
            if !conditions.isEmpty, state.filterReadsOtherRows {
                matches = SQLCommonTable(name: state.alias("m"), select: SQLSelect(
                    columns: entity.key.map { (.column(filtered, $0.column), $0.column) },
                    from: [rows(of: entity, alias: filtered)], conditions: conditions))
            } else {
                // Not used: the count and the page compile the filter themselves, and are charged for it there.
                state.discardCharges(since: costBefore)
            }
        }

        var pageColumns: [(expression: SQLNode, alias: String?)] = []
        func nodeColumn(_ selections: [SelectionSet]) throws(QueryError) -> SQLNode {
            let name = "n\(pageColumns.count)"
            pageColumns.append((try object(entity, alias: rowAlias, selections: selections), name))
            return .column(page, name)
        }
        var usesPage = false
        var pairs: [(key: String, value: SQLNode)] = []
        for sub in groups {
            switch sub.name {
            case "__typename":
                pairs.append((sub.responseKey, .call("to_json", [.literal(connectionType)])))
            case "aggregate":
                state.chargeCandidateScan(perThousandRows: ScanWeights.scannedRow)
                pairs.append((sub.responseKey, try aggregate(entity, group: sub, rowsOf: related)))
            case "totalCount":
                state.chargeCandidateScan(perThousandRows: ScanWeights.scannedRow)
                if let matches {
                    pairs.append((sub.responseKey, .subquery(SQLSelect(
                        columns: [(.countAll, nil)], from: [.table(name: matches.name, alias: matches.name)]))))
                    continue
                }
                let counted = state.alias()
                pairs.append((sub.responseKey, .subquery(SQLSelect(
                    columns: [(.countAll, nil)], from: [rows(of: entity, alias: counted)],
                    conditions: try related(counted)))))
            case "nodes":
                usesPage = true
                let column = try nodeColumn(sub.subselections)
                pairs.append((sub.responseKey, .call("coalesce", [
                    .aggregate(name: "json_agg", argument: column, orderBy: outputOrder, filter: inPage()),
                    .cast(.constant("[]"), "json"),
                ])))
            case "edges":
                usesPage = true
                let edgeGroups = try collector.collect(sub.subselections, typeName: "\(entity.typeName)Edge")
                var edgePairs: [(key: String, value: SQLNode)] = []
                for edge in edgeGroups {
                    switch edge.name {
                    case "cursor":
                        usesCursor = true
                        edgePairs.append((edge.responseKey, .call("to_json", [.column(page, "c")])))
                    case "node": edgePairs.append((edge.responseKey, try nodeColumn(edge.subselections)))
                    default: edgePairs.append((edge.responseKey, .call("to_json", [.literal("\(entity.typeName)Edge")])))
                    }
                }
                pairs.append((sub.responseKey, .call("coalesce", [
                    .aggregate(name: "json_agg", argument: .jsonObject(edgePairs), orderBy: outputOrder, filter: inPage()),
                    .cast(.constant("[]"), "json"),
                ])))
            case "pageInfo":
                usesPage = true
                let infoGroups = try collector.collect(sub.subselections, typeName: "PageInfo")
                var infoPairs: [(key: String, value: SQLNode)] = []
                func more() -> SQLNode { .binary(.countAll, ">", state.bind(String(pageSize), as: "bigint")) }
                /// Whether some row of the list lies at or beyond `values` going against `columns`' order.
                func existsNotAfter(_ columns: [OrderColumn], _ values: [SQLNode?]) throws(QueryError) -> SQLNode {
                    let other = state.alias()
                    let notAfter = SQLNode.call("NOT", [KeysetCondition.after(columns, values, alias: other)])
                    return .exists(SQLSelect(columns: [(.integer(1), nil)], from: [rows(of: entity, alias: other)],
                                             conditions: try related(other) + [notAfter]))
                }
                func anyRow() throws(QueryError) -> SQLNode {
                    let other = state.alias()
                    return .exists(SQLSelect(columns: [(.integer(1), nil)], from: [rows(of: entity, alias: other)],
                                             conditions: try related(other)))
                }
                for info in infoGroups {
                    let value: SQLNode
                    switch info.name {
                    case "hasNextPage":
                        if backward {
                            value = try beforeValues.map { values throws(QueryError) in
                                try existsNotAfter(order.map(\.reversed), bound(values))
                            } ?? .boolean(false)
                        } else {
                            value = more()
                        }
                    case "hasPreviousPage":
                        if backward {
                            value = more()
                        } else {
                            var previous = try afterValues.map { values throws(QueryError) in
                                try existsNotAfter(order, bound(values))
                            } ?? .boolean(false)
                            if arguments.offset > 0 { previous = .binary(previous, "OR", try anyRow()) }
                            value = previous
                        }
                    case "startCursor", "endCursor":
                        // The first (or last) row's order keys, each picked by array_agg(…)[1] in the page's order, encoded
                        // as that row's own cursor would be: not a cursor encoded for every row to keep one.
                        let reversed = info.name == "endCursor"
                        let keys = order.indices.map { index in
                            SQLNode.element(.aggregate(name: "array_agg", argument: .column(page, "k\(index)"),
                                                       orderBy: pageOrder(reversed: reversed), filter: inPage()), 1)
                        }
                        // An empty page has no cursor (its keys would all be null, and so can a row's).
                        let anyRow = SQLNode.aggregate(name: "bool_or", argument: .boolean(true), orderBy: [], filter: inPage())
                        value = .caseWhen(anyRow, then: Cursor.sql(fingerprint: fingerprint, values: keys), else: .null("text"))
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

        var conditions: [SQLNode]
        var pageRows = rows(of: entity, alias: rowAlias)
        if let matches {
            // Charged as the filter it no longer repeats, so the cost model does not depend on how the page is written.
            state.chargeCandidateScan(perThousandRows: ScanWeights.scannedRow)
            conditions = []
            let sameKey = Self.combine(entity.key.map { key in
                .binary(.column(rowAlias, key.column), "=", .column(matches.name, key.column))
            }, "AND", empty: true)
            pageRows = .join(.table(name: matches.name, alias: matches.name), .inner, pageRows, on: sameKey)
        } else {
            conditions = try related(rowAlias)
        }
        if let afterValues { conditions.append(KeysetCondition.after(order, bound(afterValues), alias: rowAlias)) }
        if let beforeValues {
            conditions.append(KeysetCondition.after(order.map(\.reversed), bound(beforeValues), alias: rowAlias))
        }
        // The page: at most size (+ 1) rows in the list's order, cut by LIMIT from a top-N sort, with their order keys
        // as columns k0, k1, … (the aggregates above order by them) and, when asked for, their cursors. With an extra
        // row, the rows are numbered one level up, over those rows only: a window function in the page query itself
        // would number (and sort in full) every matching row before LIMIT cuts.
        var limitedColumns = pageColumns
        for (index, column) in order.enumerated() { limitedColumns.append((column.node(alias: rowAlias), "k\(index)")) }
        if usesCursor {
            limitedColumns.append((Cursor.sql(fingerprint: fingerprint, values: order.map { $0.node(alias: rowAlias) }), "c"))
        }
        let limited = SQLSelect(
            columns: limitedColumns, from: [pageRows], conditions: conditions,
            orderBy: walk.map { $0.sqlOrder(alias: rowAlias) },
            limit: state.bind(String(asksForMore ? pageSize + 1 : pageSize), as: "bigint"),
            offset: arguments.offset > 0 ? state.bind(String(arguments.offset), as: "bigint") : nil)
        guard asksForMore else {
            var connection = SQLSelect(columns: [(connectionObject, nil)], from: [.subquery(limited, alias: page)])
            connection.with = matches.map { [$0] } ?? []
            return .subquery(connection)
        }
        let limitedAlias = state.alias("l")
        var numberedColumns: [(expression: SQLNode, alias: String?)] = limitedColumns.map { column in
            (SQLNode.column(limitedAlias, column.alias ?? ""), column.alias)
        }
        let numberOrder = walk.enumerated().map { index, column in
            SQLOrder(expression: .column(limitedAlias, "k\(index)"), descending: column.descending, nullsFirst: column.nullsFirst)
        }
        numberedColumns.append((.window("row_number", [], orderBy: numberOrder), "o"))
        let numbered = SQLSelect(columns: numberedColumns, from: [.subquery(limited, alias: limitedAlias)])
        var connection = SQLSelect(columns: [(connectionObject, nil)], from: [.subquery(numbered, alias: page)])
        connection.with = matches.map { [$0] } ?? []
        return .subquery(connection)
    }
}
