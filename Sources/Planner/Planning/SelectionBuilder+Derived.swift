import Catalog
import GraphQL

/// Fields whose rows a set-returning SQL function computes (`reportingCompliance`, `eligibility`,
/// `revocationRisks`, and the lists inside them): selected as JSON over the function's rows, in the order the
/// function returns them, and filtered by `EXISTS` over the same rows.
extension SelectionBuilder {
    func derived(_ rows: DerivedRows, owner: String, group: FieldCollector.Group) throws(QueryError) -> SQLNode {
        let target = try entity(rows.target)
        var arguments: [String: SourcedInput] = [:]
        for argument in group.first.arguments {
            if let value = InputValue.resolve(argument.value, variables: state.variables) {
                arguments[argument.name.value] = SourcedInput(value: value, source: InputSource(argument.value))
            }
        }
        let alias = state.alias("d")
        state.charge(rows.cost)
        let source = try derivedSource(rows, owner: owner, arguments: arguments, field: group.first)
        // Lists of rule rows are short (8 conditions, a few years or risks): estimated at 10 items.
        let object = try state.list(items: rows.single ? 1 : 10) { () throws(QueryError) -> SQLNode in
            try self.object(target, alias: alias, selections: group.subselections)
        }
        let link = derivedLink(rows, owner: owner, row: alias).map { [$0] } ?? []
        if rows.single {
            return .subquery(SQLSelect(columns: [(object, nil)], from: [derivedFrom(target, source, ordinality: false, alias: alias)],
                                       conditions: link, limit: .integer(1)))
        }
        return .jsonArray(element: object, orderBy: [SQLOrder(expression: .column(alias, "ordinality"))],
                          from: SQLSelect(columns: [], from: [derivedFrom(target, source, ordinality: true, alias: alias)],
                                          conditions: link))
    }

    /// The FROM item (without its alias) for a derived source whose rows are `target`s: the call, or, for a
    /// principal limited to a region and rows that belong to one, only that region's rows.
    ///
    /// `ordinality` numbers the rows in the order the function returns them, as `row_number() OVER ()` over the
    /// call rather than `WITH ORDINALITY`: PostgreSQL never inlines a SQL function called `WITH ORDINALITY`, and
    /// the rule functions are much cheaper inlined into the statement (revocation risks of a 26-cluster page: 26
    /// against 9 ms). The function's own ORDER BY stays inside the inlined subquery, whose sorted rows the window
    /// numbers as they come.
    func derivedFrom(_ target: Entity, _ source: SQLNode, ordinality: Bool, alias: String) -> SQLFrom {
        limitedToRegion(rowsOf: target, alias: alias) { name in
            ordinality
                ? .subquery(SQLSelect(columns: [(.column("sub_o", "*"), nil), (.window("row_number", [], orderBy: []), "ordinality")],
                                      from: [.call(source, alias: "sub_o")]), alias: name)
                : .call(source, alias: name)
        }
    }

    /// The function call with the owner's alias, the day and the arguments bound. `arguments` holds the
    /// field's arguments (a selection) or the filter input's argument entries (a filter).
    func derivedSource(_ rows: DerivedRows, owner: String, arguments: [String: SourcedInput], field: GraphQL.Field)
        throws(QueryError) -> SQLNode
    {
        var holes: [String: SQLNode] = ["t": .alias(owner)]
        if rows.source.holes.contains("asOf") {
            var day: DayArgument?
            if let given = arguments["asOf"], given.value != .null {
                day = try dayArgument(given.value, source: given.source, name: "asOf", field: field)
            }
            holes["asOf"] = dayNode(day)
        }
        for argument in rows.arguments {
            let hole = "arg:\(argument.name)"
            guard rows.source.holes.contains(hole) else { continue }
            guard let given = arguments[argument.name], given.value != .null, given.value.textValue != nil else {
                holes[hole] = .null(argument.sqlType)
                continue
            }
            holes[hole] = try state.bind(given.value, from: given.source, .argument(name: argument.name, range: argument.range),
                                         as: argument.sqlType, location: location(field))
        }
        return .template(rows.source, holes)
    }

    /// The extra condition tying a source row to its owner, if the field has one.
    func derivedLink(_ rows: DerivedRows, owner: String, row: String) -> SQLNode? {
        rows.link.map { .template($0, ["t": .alias(owner), "r": .alias(row)]) }
    }
}

/// An argument's value with where it came from (``InputSource``): a field's argument or an entry of a filter input.
struct SourcedInput {
    let value: InputValue
    let source: InputSource
}
