import Catalog

/// One column of a list's effective order: what to sort by, which way, where nulls go, and how its
/// cursor value is bound.
struct OrderColumn {
    let key: OrderKey
    let descending: Bool
    let nullsFirst: Bool
    /// SQL type of the cursor parameter compared with this column.
    let cast: String

    /// The same column walked the other way (for `last`/`before`): direction and null placement flip.
    var reversed: OrderColumn {
        OrderColumn(key: key, descending: !descending, nullsFirst: !nullsFirst, cast: cast)
    }

    /// The column on the row at `alias`, its day filled in.
    func node(alias: String) -> SQLNode {
        key.node(alias: alias)
    }

    func sqlOrder(alias: String) -> SQLOrder {
        SQLOrder(expression: node(alias: alias), descending: descending, nullsFirst: nullsFirst)
    }

    /// Part of the cursor fingerprint: a cursor is valid only under the order it was issued for.
    var signature: String {
        key.signature + (descending ? " desc" : " asc") + (nullsFirst ? " nf" : " nl")
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

/// What a list is sorted by: a value of its own rows, or a value of a related row (`orderBy: {cluster: {name: ASC}}`).
indirect enum OrderKey {
    /// A catalog expression on the row, with the day its `{asOf}` stands for.
    case value(DayBound)
    /// `inner` on the row `relation` relates to the owner row: a correlated subquery over `rows` (the related
    /// entity's rows at `alias`, limited to the principal's region like every other read of them).
    case related(Relation, rows: SQLFrom, alias: String, inner: OrderKey)

    /// The key on the row at `alias`.
    func node(alias owner: String) -> SQLNode {
        switch self {
        case .value(let bound):
            return bound.node(alias: owner)
        case .related(let relation, let rows, let related, let inner):
            return .subquery(SQLSelect(columns: [(inner.node(alias: related), nil)], from: [rows],
                                       conditions: [.relation(relation, owner: owner, related: related)], limit: .integer(1)))
        }
    }

    /// The key as the catalog names it, independent of aliases and parameters: cursors are fingerprinted by it.
    var signature: String {
        switch self {
        case .value(let bound): return bound.expression.render(alias: "t")
        case .related(let relation, _, _, let inner): return "(" + relation.render(owner: "t", related: "r") + ": " + inner.signature + ")"
        }
    }

    /// Whether the key is the row's own column `name` (the tie-breaking key columns are not sorted by twice).
    func isColumn(_ name: String) -> Bool {
        if case .value(let bound) = self { return bound.expression == .column(name) }
        return false
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
