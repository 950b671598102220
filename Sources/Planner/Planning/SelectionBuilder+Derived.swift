import Catalog
import GraphQL

/// Fields whose rows a set-returning SQL function computes (`reportingCompliance`, `eligibility`,
/// `revocationRisks`, and the lists inside them): selected as JSON over the function's rows, in the order the
/// function returns them, and filtered by `EXISTS` over the same rows.
extension SelectionBuilder {
    func derived(_ rows: DerivedRows, owner: String, group: FieldCollector.Group) throws(QueryError) -> SQLNode {
        let target = try entity(rows.target)
        var arguments: [String: InputValue] = [:]
        for argument in group.first.arguments {
            if let value = InputValue.resolve(argument.value, variables: state.variables) {
                arguments[argument.name.value] = value
            }
        }
        let alias = state.alias("d")
        state.charge(rows.cost)
        let source = try derivedSource(rows, owner: owner, arguments: arguments, field: group.first)
        // Lists of rule rows are short (8 conditions, a few years or risks): estimated at 10 items.
        let object = SQLRenderer.render(try state.list(items: rows.single ? 1 : 10) { () throws(QueryError) -> SQLNode in
            try self.object(target, alias: alias, selections: group.subselections)
        })
        let link = derivedLink(rows, owner: owner, row: alias).map { " WHERE " + $0 } ?? ""
        if rows.single {
            return .fragment("(SELECT \(object) FROM \(derivedFrom(target, source, ordinality: false)) \(alias)\(link) LIMIT 1)")
        }
        return .fragment("(SELECT coalesce(json_agg(\(object) ORDER BY \(alias).ordinality), '[]'::json) "
                         + "FROM \(derivedFrom(target, source, ordinality: true)) \(alias)\(link))")
    }

    /// The FROM item (without its alias) for a derived source whose rows are `target`s: the call, or, for a
    /// principal limited to a region and rows that belong to one, only that region's rows.
    ///
    /// `ordinality` numbers the rows in the order the function returns them, as `row_number() OVER ()` over the
    /// call rather than `WITH ORDINALITY`: PostgreSQL never inlines a SQL function called `WITH ORDINALITY`, and
    /// the rule functions are much cheaper inlined into the statement (revocation risks of a 26-cluster page: 26
    /// against 9 ms). The function's own ORDER BY stays inside the inlined subquery, whose sorted rows the window
    /// numbers as they come.
    func derivedFrom(_ target: Entity, _ source: String, ordinality: Bool) -> String {
        limitedToRegion(ordinality ? "(SELECT sub_o.*, row_number() OVER () AS ordinality FROM \(source) sub_o)" : source, rowsOf: target)
    }

    /// The function call with the owner's alias, the day and the arguments bound. `arguments` holds the
    /// field's arguments (a selection) or the filter input's argument entries (a filter).
    func derivedSource(_ rows: DerivedRows, owner: String, arguments: [String: InputValue], field: GraphQL.Field)
        throws(QueryError) -> String
    {
        var text = rows.source.replacing("{t}", with: owner)
        if text.contains("{asOf}") {
            var day: String?
            if let value = arguments["asOf"], value != .null {
                guard let plain = value.textValue, ScalarFormats.isDate(plain) else {
                    throw .badInput("\"asOf\" must be a Date (YYYY-MM-DD).", location: location(field))
                }
                day = plain
            }
            text = text.replacing("{asOf}", with: daySQL(day))
        }
        for argument in rows.arguments {
            let placeholder = "{arg:\(argument.name)}"
            guard text.contains(placeholder) else { continue }
            guard let value = arguments[argument.name], value != .null, let plain = value.textValue else {
                text = text.replacing(placeholder, with: "NULL::\(argument.sqlType)")
                continue
            }
            if let range = argument.range, !(Int(plain).map(range.contains) ?? false) {
                throw .badInput("\"\(argument.name)\" must be between \(range.lowerBound) and \(range.upperBound) (got \(plain)).",
                                location: location(field))
            }
            text = text.replacing(placeholder, with: SQLRenderer.render(state.bind(plain, as: argument.sqlType)))
        }
        return text
    }

    /// The extra condition tying a source row to its owner, if the field has one.
    func derivedLink(_ rows: DerivedRows, owner: String, row: String) -> String? {
        rows.link.map { $0.replacing("{t}", with: owner).replacing("{r}", with: row) }
    }
}
