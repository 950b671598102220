import Catalog
import GraphQL

/// Turns collected field groups into SQL: root fields, entity objects and their fields and relations.
/// Connections are in `SelectionBuilder+Connection.swift`.
struct SelectionBuilder {
    let catalog: Catalog
    let schema: GraphQLSchema
    let state: CompilationState
    let collector: FieldCollector
    let limits: QueryCompiler.PageLimits

    // MARK: Root fields

    func rootField(_ group: FieldCollector.Group) throws(QueryError) -> SQLNode {
        guard let root = catalog.rootFields[group.name] else {
            throw .unsupported("Query.\(group.name) has no mapping in the catalog.")
        }
        switch root {
        case .connection(let entityName):
            let entity = try self.entity(entityName)
            return try connection(entity, relation: nil, group: group)
        case .lookup(let entityName, let arguments):
            let entity = try self.entity(entityName)
            return try lookup(entity, arguments: arguments, group: group)
        case .node:
            return try node(group)
        case .targetProgress:
            return try targetProgress(group)
        case .distribution:
            return try distribution(group)
        case .groups(let entityName):
            return try groups(try self.entity(entityName), group)
        }
    }

    private func lookup(_ entity: Entity, arguments: [String: LookupArgument], group: FieldCollector.Group)
        throws(QueryError) -> SQLNode
    {
        let alias = state.alias()
        var conditions: [SQLNode] = []
        for argument in group.first.arguments {
            guard let mapping = arguments[argument.name.value],
                  let value = InputValue.resolve(argument.value, variables: state.variables),
                  value != .null, let text = value.textValue
            else { continue }
            if mapping.isGlobalID {
                guard let decoded = GlobalID.decode(text), decoded.typeName == entity.typeName,
                      decoded.key.count == entity.key.count,
                      zip(entity.key, decoded.key).allSatisfy({ ScalarFormats.accepts($1, as: $0.sqlType) })
                else {
                    // An id of another type, or not an id at all: no such row.
                    conditions.append(.boolean(false))
                    continue
                }
                for (column, keyValue) in zip(entity.key, decoded.key) {
                    conditions.append(.binary(.column(alias, column.column), "=",
                                              state.bind(keyValue, as: column.sqlType)))
                }
            } else {
                // A key that is not of the column's type is bound as NULL: no row, as for an unknown key.
                conditions.append(.binary(.column(alias, mapping.column), "=",
                                          try state.bind(value, from: InputSource(argument.value), .key(sqlType: mapping.sqlType),
                                                         as: mapping.sqlType, location: location(group.first))))
            }
        }
        let given = group.first.arguments.filter { argument in
            arguments[argument.name.value] != nil
                && (InputValue.resolve(argument.value, variables: state.variables).map { $0 != .null } ?? false)
        }
        let names = arguments.keys.sorted().map { "\"\($0)\"" }.joined(separator: " or ")
        guard given.count == 1 else {
            throw .badInput("Query.\(group.name) needs exactly one of \(names) (got \(given.count)).",
                            location: location(group.first))
        }
        return try objectSubquery(entity, alias: alias, conditions: conditions, group: group)
    }

    /// `node(id:)`: the id names the type and key; the selection is compiled for that concrete type.
    private func node(_ group: FieldCollector.Group) throws(QueryError) -> SQLNode {
        guard let argument = group.first.arguments.first(where: { $0.name.value == "id" }),
              let text = InputValue.resolve(argument.value, variables: state.variables)?.textValue
        else {
            throw .badInput("Query.node needs an id.", location: location(group.first))
        }
        // A type this role cannot see does not exist for it: its ids find nothing.
        guard let decoded = GlobalID.decode(text), let entity = catalog.entities[decoded.typeName],
              decoded.key.count == entity.key.count, schema.getType(name: decoded.typeName) != nil
        else {
            return .null("json")
        }
        let alias = state.alias()
        var conditions: [SQLNode] = []
        for (column, keyValue) in zip(entity.key, decoded.key) {
            // A key of the wrong type (`Enterprise:abc`) names no row, like an id of an unknown type.
            guard ScalarFormats.accepts(keyValue, as: column.sqlType) else { return .null("json") }
            conditions.append(.binary(.column(alias, column.column), "=", state.bind(keyValue, as: column.sqlType)))
        }
        return try objectSubquery(entity, alias: alias, conditions: conditions, group: group)
    }

    // MARK: Objects

    /// `(SELECT json_build_object(…) FROM table alias WHERE …)`: null when no row matches.
    func objectSubquery(_ entity: Entity, alias: String, conditions: [SQLNode], group: FieldCollector.Group)
        throws(QueryError) -> SQLNode
    {
        let object = try self.object(entity, alias: alias, selections: group.subselections)
        return .subquery(SQLSelect(columns: [(object, nil)], from: [rows(of: entity, alias: alias)],
                                   conditions: conditions, limit: .integer(1)))
    }

    /// The JSON object for the row at `alias`, with the selected fields in response order.
    func object(_ entity: Entity, alias: String, selections: [SelectionSet]) throws(QueryError) -> SQLNode {
        let groups = try collector.collect(selections, typeName: entity.typeName)
        var pairs: [(key: String, value: SQLNode)] = []
        for group in groups {
            pairs.append((group.responseKey, try field(group, of: entity, alias: alias)))
        }
        return .jsonObject(pairs)
    }

    private func field(_ group: FieldCollector.Group, of entity: Entity, alias: String) throws(QueryError) -> SQLNode {
        switch group.name {
        case "__typename":
            return .call("to_json", [.literal(entity.typeName)])
        case "id" where entity.fields["id"] == nil:
            return .call("to_json", [(GlobalID.sql(typeName: entity.typeName,
                                                            keyColumns: entity.key.map(\.column), alias: alias))])
        default:
            break
        }
        guard let field = entity.fields[group.name] else {
            throw .unsupported("\(entity.typeName).\(group.name) has no mapping in the catalog.")
        }
        switch field {
        case .value(let value):
            if value.provinceWideText, state.region != nil {
                return .call("to_json", [state.bindRegion(.withheldNotice)])
            }
            state.charge(value.cost)
            let day = try dateArgument(group.first, "asOf")
            return Self.json(valueNode(value, alias: alias, explicit: day), kind: value.kind)
        case .object(let relation):
            let target = try self.entity(relation.target)
            let related = state.alias()
            return try objectSubquery(target, alias: related,
                                      conditions: [.relation(relation, owner: alias, related: related)],
                                      group: group)
        case .connection(let relation):
            let target = try self.entity(relation.target)
            return try connection(target, relation: (relation, alias), ownerTable: entity.table, group: group)
        case .supportTotals(let totals):
            return try supportTotals(totals, owner: alias, ownerTable: entity.table, group: group)
        case .derived(let rows):
            return try derived(rows, owner: alias, group: group)
        }
    }

    /// A column as JSON: IDs as strings, everything else as PostgreSQL's own JSON form (numerics keep
    /// their digits; dates are ISO strings).
    static func json(_ expression: SQLNode, kind: ScalarKind) -> SQLNode {
        switch kind {
        case .id: return .call("to_json", [.cast(expression, "text")])
        default: return .call("to_json", [expression])
        }
    }

    /// A value field's expression with the day its `{asOf}` (status and validity on a day) stands for:
    /// `explicit`, else the enclosing `asOf`, else today (`qunji_today()`); no day for other fields.
    func resolveAsOf(_ value: ValueField, explicit: DayArgument? = nil) -> DayBound {
        guard case .template(let template) = value.expression, template.holes.contains("asOf") else { return DayBound(value.expression) }
        return DayBound(value.expression, day: dayNode(explicit))
    }

    /// `value` on the row at `alias` as a node, its day bound (see `resolveAsOf`).
    func valueNode(_ value: ValueField, alias: String, explicit: DayArgument? = nil) -> SQLNode {
        resolveAsOf(value, explicit: explicit).node(alias: alias)
    }

    /// The day computations refer to: `explicit`, else the enclosing `asOf`, else today. Binds a parameter only
    /// when there is a day to bind (an unused parameter would fail the statement).
    ///
    /// "Today" is `qunji_today()` (migration 0016), not `current_date`: the province's date (Asia/Shanghai) whatever
    /// the database server's time zone, and a day tests can move (`qunji.today`, set from `QUNJI_TODAY`).
    func dayNode(_ explicit: DayArgument? = nil) -> SQLNode {
        (explicit ?? state.asOf).map { state.bind(day: $0) } ?? .call("qunji_today", [])
    }

    /// A `Date` argument of `field`, checked; nil when absent or null.
    func dateArgument(_ field: GraphQL.Field, _ name: String) throws(QueryError) -> DayArgument? {
        guard let argument = field.arguments.first(where: { $0.name.value == name }),
              let value = InputValue.resolve(argument.value, variables: state.variables), value != .null
        else { return nil }
        return try dayArgument(value, source: InputSource(argument.value), name: name, field: field)
    }

    /// `value` as the Date argument `name`, checked.
    func dayArgument(_ value: InputValue, source: InputSource, name: String, field: GraphQL.Field) throws(QueryError) -> DayArgument {
        guard let text = value.textValue, ScalarFormats.isDate(text) else {
            throw .badInput("\"\(name)\" must be a Date (YYYY-MM-DD).", location: location(field))
        }
        return DayArgument(text: text, source: source, argument: name, location: location(field))
    }

    /// `entity`'s rows as a FROM item at `alias`: its table, or, for a principal limited to a region, only the rows
    /// of that region.
    func rows(of entity: Entity, alias: String) -> SQLFrom {
        limitedToRegion(rowsOf: entity, alias: alias) { .table(name: entity.table, alias: $0) }
    }

    /// `rows(alias)` as is, or, when the principal is limited to a region and `entity`'s rows belong to one, only
    /// that region's rows of it: `(SELECT sub_region.* FROM rows WHERE <the row is in the region>) alias`, a subquery
    /// PostgreSQL pulls up into the outer query, so indexes still serve it. Tables and derived functions share it.
    func limitedToRegion(rowsOf entity: Entity, alias: String, _ rows: (String) -> SQLFrom) -> SQLFrom {
        guard state.region != nil, let condition = entity.regionCondition else { return rows(alias) }
        let inner = "sub_region"
        return .subquery(SQLSelect(columns: [(.column(inner, "*"), nil)], from: [rows(inner)],
                                   conditions: [.template(condition, ["t": .alias(inner), "region": state.bindRegion(.code)])]),
                         alias: alias)
    }

    func entity(_ name: String) throws(QueryError) -> Entity {
        guard let entity = catalog.entities[name] else {
            throw .unsupported("The catalog has no entity \(name).")
        }
        return entity
    }

    func location(_ field: GraphQL.Field) -> GraphQLResponseError.Location? {
        field.loc.map { QueryError.location(of: $0) }
    }
}
