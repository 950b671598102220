/// Rows a set-returning SQL function computes for an owner row: the policy's rules (reports owed, eligibility,
/// revocation risks) live in SQL functions (migration 0010), and this is how a field reads them.
///
/// The function is a FROM item, so the same rows serve a selection (`json_agg` over them), a filter
/// (`EXISTS` over them) and a group key (a lateral join), and a query using a rule stays one statement.
public struct DerivedRows: Sendable {
    /// GraphQL type of the rows: an entity of the catalog, real (`Incident`) or function-backed
    /// (`RevocationRisk`, whose `table` only names the function).
    public let target: String
    /// The FROM item, e.g. `cluster_revocation_risks({t}.id, {asOf})`. `{t}` is the owner's alias, `{asOf}` the
    /// day (the field's `asOf` argument, else the enclosing one, else today) and `{arg:name}` a field argument,
    /// bound as a parameter (NULL when absent).
    public let source: SQLTemplate
    /// true: one object (the function returns one row); false: a list.
    public let single: Bool
    /// The field's arguments other than `asOf`, in the order the schema lists them.
    public let arguments: [DerivedArgument]
    /// Extra condition on a row (`{r}`) of the source given the owner (`{t}`), e.g. `{r}.item = {t}.item`.
    public let link: SQLTemplate?
    /// Columns of the row (`{r}`) a list is ordered by.
    public let order: [String]
    /// What one evaluation for one owner row costs, in cost units (one unit: the database time of one plain
    /// list item, about 2.7 µs at scale 1), measured by `scripts/calibrate-cost` (docs/cost-model.md).
    public let cost: Int

    public init(target: String, source: SQLTemplate, single: Bool = false, arguments: [DerivedArgument] = [],
                link: SQLTemplate? = nil, order: [String] = [], cost: Int = 0) {
        self.cost = cost
        self.target = target
        self.source = source
        self.single = single
        self.arguments = arguments
        self.link = link
        self.order = order
    }
}

/// A field argument a derived source takes: its SQL type for binding, and the range an Int must lie in
/// (so that a year like 99999 is a clear input error rather than a failing `make_date`).
public struct DerivedArgument: Sendable {
    public let name: String
    public let sqlType: String
    public let range: ClosedRange<Int>?

    public init(_ name: String, _ sqlType: String, range: ClosedRange<Int>? = nil) {
        self.name = name
        self.sqlType = sqlType
        self.range = range
    }
}
