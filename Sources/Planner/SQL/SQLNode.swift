import Catalog

/// The typed SQL AST the compiler builds and `SQLRenderer` turns into text in one place.
///
/// Only three things reach SQL text: templates from the catalog (trusted: written by us), names and
/// literals the compiler itself chose (JSON keys, type names — rendered as quoted string literals), and
/// `$n` placeholders for every value that came from a request. Nothing a client sends is spliced.
package indirect enum SQLNode: Sendable {
    /// A bound parameter, `$n::cast`: `slot` is its place in the plan's parameter list
    /// (``CompilationState/parameters``); `n` is given when the statement is rendered, in the order the
    /// parameters appear, so the same slot used twice is one `$n` and a slot never rendered is never sent.
    case parameter(slot: Int, cast: String)
    /// A string literal the compiler chose (never client text), rendered `'…'::text` with quotes doubled.
    case literal(String)
    /// An integer constant the compiler chose.
    case integer(Int)
    /// `json_build_object(k1, v1, …)`, keys in this order (the response order).
    case jsonObject([(key: String, value: SQLNode)])
    /// A function call `name(arguments…)`.
    case call(String, [SQLNode])
    /// `left op right`.
    case binary(SQLNode, String, SQLNode)
    /// A scalar subquery `(SELECT …)`.
    case subquery(SQLSelect)
    /// `EXISTS (SELECT …)`.
    case exists(SQLSelect)
    /// `node::type`.
    case cast(SQLNode, String)
    /// An aggregate with its own ORDER BY and FILTER: `json_agg(x ORDER BY … ) FILTER (WHERE …)`.
    case aggregate(name: String, argument: SQLNode, orderBy: [SQLOrder], filter: SQLNode?)
    /// `count(*)`.
    case countAll
    /// `count(DISTINCT value) FILTER (WHERE …)`.
    case countDistinct(SQLNode, filter: SQLNode?)
    /// `(array)[index]`, 1-based as in PostgreSQL.
    case element(SQLNode, Int)
    /// `alias.column`: a column of a row the compiler aliased (both names chosen by the compiler or the catalog).
    case column(String, String)
    /// A catalog expression (a column or a template over `{t}`) on the row at `alias`.
    case expression(SQLExpression, alias: String)
    /// `NULL::type`.
    case null(String)
    /// `true` or `false`.
    case boolean(Bool)
    /// A constant the compiler chose, as a bare quoted literal whose type PostgreSQL infers from its use (an
    /// encoding name, a JSON text, a cursor fingerprint) — never client text.
    case constant(String)
    /// A catalog relation's join condition between the owner row and the related row.
    case relation(Relation, owner: String, related: String)
    /// SQL from the catalog (a rule function's call, a region condition), parsed when the catalog was built, whose
    /// holes are filled with nodes when rendered: aliases, the day, bound arguments. No builder renders a parameter
    /// into text, and no text is searched for placeholders.
    case template(SQLTemplate, [String: SQLNode])
    /// A table alias the compiler chose, as a value in a template (`{t}` → `t3`).
    case alias(String)
    /// `(node IS NULL)`, or `(node IS NOT NULL)` when `negated`.
    case isNull(SQLNode, negated: Bool)
    /// `(CASE WHEN condition THEN value ELSE otherwise END)`.
    case caseWhen(SQLNode, then: SQLNode, else: SQLNode)
    /// A window function: `name(arguments…) OVER (ORDER BY …)`.
    case window(String, [SQLNode], orderBy: [SQLOrder])
    /// `coalesce(json_agg(element ORDER BY …), '[]'::json)` over the rows of `from`: a JSON array, empty
    /// rather than null when there are no rows (every list field of a response).
    case jsonArray(element: SQLNode, orderBy: [SQLOrder], from: SQLSelect)
}

/// One item of an ORDER BY.
package struct SQLOrder: Sendable {
    package let expression: SQLNode
    package let descending: Bool
    /// Where nulls go; nil leaves PostgreSQL's default (last for ASC, first for DESC).
    package var nullsFirst: Bool? = nil

    package init(expression: SQLNode, descending: Bool = false, nullsFirst: Bool? = nil) {
        self.expression = expression
        self.descending = descending
        self.nullsFirst = nullsFirst
    }
}

/// `name AS MATERIALIZED (SELECT …)` in a WITH clause: a set PostgreSQL computes once for the statement that reads
/// it more than once (a filtered list's matching rows, for its total and its page).
package struct SQLCommonTable: Sendable {
    package let name: String
    package let select: SQLSelect

    package init(name: String, select: SQLSelect) {
        self.name = name
        self.select = select
    }
}

/// A SELECT statement or subquery.
package struct SQLSelect: Sendable {
    /// `WITH …` before the SELECT.
    package var with: [SQLCommonTable] = []
    package var columns: [(expression: SQLNode, alias: String?)]
    /// FROM items: `table alias` or `(subquery) alias`.
    package var from: [SQLFrom]
    package var conditions: [SQLNode] = []
    package var orderBy: [SQLOrder] = []
    package var groupBy: [SQLNode] = []
    /// HAVING conditions, ANDed.
    package var having: [SQLNode] = []
    package var limit: SQLNode?
    package var offset: SQLNode?
    /// `SELECT DISTINCT`.
    package var distinct = false

    package init(columns: [(expression: SQLNode, alias: String?)], from: [SQLFrom], conditions: [SQLNode] = [],
                 groupBy: [SQLNode] = [], having: [SQLNode] = [], orderBy: [SQLOrder] = [], limit: SQLNode? = nil,
                 offset: SQLNode? = nil, distinct: Bool = false) {
        self.columns = columns
        self.distinct = distinct
        self.from = from
        self.conditions = conditions
        self.groupBy = groupBy
        self.having = having
        self.orderBy = orderBy
        self.limit = limit
        self.offset = offset
    }
}

package indirect enum SQLFrom: Sendable {
    case table(name: String, alias: String)
    /// A set-returning function call from the catalog (a derived field's source), arguments already bound.
    case function(call: String, alias: String)
    case subquery(SQLSelect, alias: String)
    /// `LATERAL (SELECT …) alias`: a subquery that may refer to the FROM items before it.
    case lateral(SQLSelect, alias: String)
    /// A set-returning function the compiler calls, as an AST node (`name(arguments…) alias`).
    case call(SQLNode, alias: String)
    /// `left JOIN right ON condition` (or `LEFT JOIN`); `right` may itself be a join, rendered in parentheses.
    case join(SQLFrom, JoinKind, SQLFrom, on: SQLNode)

    package enum JoinKind: Sendable {
        case inner, left
    }
}
