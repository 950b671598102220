import Catalog

/// One column of a list's effective order: what to sort by, which way, where nulls go, and how its
/// cursor value is bound.
struct OrderColumn {
    let expression: SQLExpression
    /// The day `{asOf}` in `expression` stands for, when it has one.
    var day: SQLNode? = nil
    let descending: Bool
    let nullsFirst: Bool
    /// SQL type of the cursor parameter compared with this column.
    let cast: String

    /// The same column walked the other way (for `last`/`before`): direction and null placement flip.
    var reversed: OrderColumn {
        OrderColumn(expression: expression, day: day, descending: !descending, nullsFirst: !nullsFirst, cast: cast)
    }

    /// The column on the row at `alias`, its day filled in.
    func node(alias: String) -> SQLNode {
        DayBound(expression, day: day).node(alias: alias)
    }

    func sqlOrder(alias: String) -> SQLOrder {
        SQLOrder(expression: node(alias: alias), descending: descending, nullsFirst: nullsFirst)
    }

    /// Part of the cursor fingerprint: a cursor is valid only under the order it was issued for.
    var signature: String {
        expression.render(alias: "t") + (descending ? " desc" : " asc") + (nullsFirst ? " nf" : " nl")
    }

    /// `OrderDirection` enum values → (descending, nulls first). Plain ASC/DESC keep PostgreSQL's default.
    static func direction(_ value: String) -> (descending: Bool, nullsFirst: Bool)? {
        switch value {
        case "ASC", "ASC_NULLS_LAST": return (false, false)
        case "DESC", "DESC_NULLS_FIRST": return (true, true)
        case "ASC_NULLS_FIRST": return (false, true)
        case "DESC_NULLS_LAST": return (true, false)
        default: return nil
        }
    }
}

/// Keyset conditions over an order that may mix directions and hold nulls: the expanded form
/// `c1 after v1 OR (c1 = v1 AND c2 after v2) OR …`, each comparison two-valued (never NULL), so the
/// conditions can also be negated ("at or before the cursor").
enum KeysetCondition {
    /// Rows strictly after the row whose order values are `values` (already bound; nil = SQL NULL).
    static func after(_ columns: [OrderColumn], _ values: [SQLNode?], alias: String) -> SQLNode {
        var clauses: [SQLNode] = []
        var equalities: [SQLNode] = []
        for (column, value) in zip(columns, values) {
            let expression = column.node(alias: alias)
            let isNull = SQLNode.isNull(expression, negated: false)
            let beyond: SQLNode
            if let value {
                let strictly = SQLNode.call("coalesce", [.binary(expression, column.descending ? "<" : ">", value), .boolean(false)])
                beyond = column.nullsFirst ? strictly : .binary(strictly, "OR", isNull)
            } else {
                // Past a null: non-null values follow when nulls come first; nothing does when they come last.
                beyond = column.nullsFirst ? .isNull(expression, negated: true) : .boolean(false)
            }
            clauses.append(equalities.reduce(beyond) { .binary($1, "AND", $0) })
            let equal: SQLNode = value.map { .call("coalesce", [.binary(expression, "=", $0), .boolean(false)]) } ?? isNull
            equalities.append(equal)
        }
        guard var condition = clauses.first else { return .boolean(false) }
        for clause in clauses.dropFirst() { condition = .binary(condition, "OR", clause) }
        return condition
    }
}
