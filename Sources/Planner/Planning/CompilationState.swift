import GraphQL

/// Mutable state of compiling one operation: its parameters, table aliases, fragments and variables.
/// Lives for one `compile` call on one thread.
final class CompilationState {
    let fragments: [String: FragmentDefinition]
    let variables: [String: InputValue]
    private(set) var parameters: [String?] = []
    /// The day `{asOf}` in catalog expressions means (nil: today), set by `clusters(asOf:)` or
    /// `distribution(asOf:)` for everything inside them; a field's own `asOf` argument overrides it.
    var asOf: String?
    /// The prefecture enterprise-level rows are limited to (``Principal/region``), or nil.
    var region: String?
    /// Estimated cost so far, in cost units (``RequestLimits/maximumCost``): each list adds its page size
    /// times the page sizes of the lists around it, each weighted field (a policy rule) its weight times
    /// the same, and work that reads whole tables its weight per row of them (``TableRows``).
    private(set) var cost = 0
    /// The product of the page sizes of the lists being compiled around the current field.
    private var multiplier = 1
    /// The rows the filters being compiled are evaluated for: the candidate rows of the list being
    /// filtered (all its table's rows, or its rows per owner row when nested) times the page sizes of the
    /// lists around it. nil inside a list that reads no candidates beyond its page: then `multiplier`.
    private var candidates: Int?
    /// How many rows each table holds, for the work charged per row of a table.
    let tableRows: TableRows
    private var aliasCounter = 0

    init(fragments: [String: FragmentDefinition], variables: [String: InputValue], tableRows: TableRows = TableRows()) {
        self.fragments = fragments
        self.variables = variables
        self.tableRows = tableRows
    }

    /// Binds `value` as the next parameter and returns its placeholder.
    func bind(_ value: String?, as cast: String) -> SQLNode {
        parameters.append(value)
        return .parameter(index: parameters.count, cast: cast)
    }

    /// What `enterList` replaced, for `leaveList` to restore.
    struct ListScope {
        fileprivate let multiplier: Int
        fileprivate let candidates: Int?
    }

    /// Counts a list of up to `items` items at the current nesting, then compiles its contents (`body`)
    /// with the multiplier raised by it. `candidates`: the rows the list reads before paging, per row of
    /// the lists around it (what its filter is evaluated for). Saturates rather than overflowing.
    func list<T>(items: Int, candidates: Int? = nil, _ body: () throws(QueryError) -> T) throws(QueryError) -> T {
        let outer = enterList(items: items, candidates: candidates)
        defer { leaveList(outer) }
        return try body()
    }

    /// `list` for code that cannot be a closure: returns the scope to restore with `leaveList`.
    func enterList(items: Int, candidates: Int? = nil) -> ListScope {
        let items = max(1, items)
        let outer = ListScope(multiplier: multiplier, candidates: self.candidates)
        self.candidates = candidates.map { Self.product(multiplier, max(1, $0)) }
        let here = Self.product(multiplier, items)
        cost = Self.sum(cost, here)
        multiplier = here
        return outer
    }

    func leaveList(_ outer: ListScope) {
        multiplier = outer.multiplier
        candidates = outer.candidates
    }

    /// Compiles `body` (a filter on a to-many relation: `some`, `every`, `none`, `count`) with the candidate
    /// rows multiplied by `rowsPerCandidate`, the related rows each candidate reads.
    func perRelatedRow<T>(_ rowsPerCandidate: Int, _ body: () throws(QueryError) -> T) throws(QueryError) -> T {
        let outer = candidates
        candidates = Self.product(candidates ?? multiplier, max(1, rowsPerCandidate))
        defer { candidates = outer }
        return try body()
    }

    /// Counts work done once per row of the lists being compiled around the current field (a policy rule
    /// evaluated per cluster): `units` times the current multiplier.
    func charge(_ units: Int) {
        guard units > 0 else { return }
        cost = Self.sum(cost, Self.product(multiplier, units))
    }

    /// Counts work done once per candidate row of the list being filtered (a policy rule in `where`):
    /// PostgreSQL evaluates the condition for every row that could match, not only for the page.
    func chargePerCandidate(_ units: Int) {
        guard units > 0 else { return }
        cost = Self.sum(cost, Self.product(candidates ?? multiplier, units))
    }

    /// Counts reading every candidate row of the list being compiled (a filter, a total, an aggregate), at
    /// `perThousandRows` units per thousand rows, rounded up.
    func chargeCandidateScan(perThousandRows: Int) {
        chargeRows(candidates ?? multiplier, perThousandRows: perThousandRows, times: 1)
    }

    /// Counts reading `rows` rows for each row of the lists around the current field, at `perThousandRows`
    /// units per thousand rows, rounded up (a distribution reading every enterprise).
    func chargeRows(_ rows: Int, perThousandRows: Int, times: Int? = nil) {
        guard perThousandRows > 0 else { return }
        let total = Self.product(Self.product(rows, perThousandRows), times ?? multiplier)
        let units = total == Int.max ? Int.max : (total + 999) / 1_000
        cost = Self.sum(cost, units)
    }

    private static func product(_ a: Int, _ b: Int) -> Int {
        saturating(a, b, { $0.multipliedReportingOverflow(by: $1) })
    }

    private static func sum(_ a: Int, _ b: Int) -> Int {
        saturating(a, b, { $0.addingReportingOverflow($1) })
    }

    private static func saturating(_ a: Int, _ b: Int, _ operation: (Int, Int) -> (partialValue: Int, overflow: Bool)) -> Int {
        let (value, overflow) = operation(a, b)
        return overflow ? Int.max : value
    }

    /// A fresh table alias (`t1`, `t2`, …): unique within the statement, so correlated subqueries never
    /// capture the wrong row.
    func alias(_ prefix: String = "t") -> String {
        aliasCounter += 1
        return "\(prefix)\(aliasCounter)"
    }
}
