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
    /// times the page sizes of the lists around it, and each weighted field (a policy rule) its weight times
    /// the same.
    private(set) var cost = 0
    /// The product of the page sizes of the lists being compiled around the current field.
    private var multiplier = 1
    private var aliasCounter = 0

    init(fragments: [String: FragmentDefinition], variables: [String: InputValue]) {
        self.fragments = fragments
        self.variables = variables
    }

    /// Binds `value` as the next parameter and returns its placeholder.
    func bind(_ value: String?, as cast: String) -> SQLNode {
        parameters.append(value)
        return .parameter(index: parameters.count, cast: cast)
    }

    /// Counts a list of up to `items` items at the current nesting, then compiles its contents (`body`)
    /// with the multiplier raised by it. Saturates rather than overflowing.
    func list<T>(items: Int, _ body: () throws(QueryError) -> T) throws(QueryError) -> T {
        let outer = enterList(items: items)
        defer { leaveList(outer) }
        return try body()
    }

    /// `list` for code that cannot be a closure: returns the multiplier to restore with `leaveList`.
    func enterList(items: Int) -> Int {
        let items = max(1, items)
        let outer = multiplier
        let here = Self.saturating(multiplier, items, { $0.multipliedReportingOverflow(by: $1) })
        cost = Self.saturating(cost, here, { $0.addingReportingOverflow($1) })
        multiplier = here
        return outer
    }

    func leaveList(_ outer: Int) {
        multiplier = outer
    }

    /// Counts work done once per row of the lists being compiled around the current field (a policy rule
    /// evaluated per cluster): `units` times the current multiplier.
    func charge(_ units: Int) {
        guard units > 0 else { return }
        let here = Self.saturating(multiplier, units, { $0.multipliedReportingOverflow(by: $1) })
        cost = Self.saturating(cost, here, { $0.addingReportingOverflow($1) })
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
