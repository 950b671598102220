import GraphQL

/// Mutable state of compiling one operation: its parameters, table aliases, fragments and variables.
/// Lives for one `compile` call on one thread.
final class CompilationState {
    let fragments: [String: FragmentDefinition]
    let variables: [String: InputValue]
    /// The document's literals: a literal bound as a parameter is re-read from each request's document.
    let literals: DocumentLiterals
    /// The plan's parameters by slot (``SQLNode/parameter(slot:cast:)``), numbered when the statement is rendered.
    private(set) var parameters: [PlanParameter] = []
    /// How PostgreSQL is to plan the statement (``CompiledOperation/planCacheMode``): generic while no value the client
    /// chose can change the best plan (look-up keys, page sizes, cursors and the region cannot); as PostgreSQL chooses
    /// once one can (a filter's operand, pattern or list, a day, a rule's argument); for every execution once such a
    /// value is compared inside a filter on related rows (``perRelatedRow(_:_:)``).
    private(set) var planCacheMode = PlanCacheMode.generic
    /// How deep the filter being compiled is inside filters on related rows.
    private var relatedRowDepth = 0
    /// Whether a filter compiled since the caller reset this reads other rows for each candidate (a to-many quantifier,
    /// a to-one relation by more than its key, a rule's rows): a filter that costs a lookup per row. Only a list's
    /// filter reads it (``SelectionBuilder`` connections), right after compiling it.
    var filterReadsOtherRows = false
    /// The day `{asOf}` in catalog expressions means (nil: today), set by `clusters(asOf:)` or
    /// `distribution(asOf:)` for everything inside them; a field's own `asOf` argument overrides it.
    var asOf: DayArgument?
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
    /// Takes back what was charged since the cost stood at `cost`: for a filter compiled only to learn how it reads
    /// (a list's filter, probed for whether its matches are worth computing once) and then not used.
    func discardCharges(since cost: Int) {
        self.cost = cost
    }
    /// How many rows each table holds, for the work charged per row of a table.
    let tableRows: TableRows
    private var aliasCounter = 0

    init(fragments: [String: FragmentDefinition], variables: [String: InputValue], literals: DocumentLiterals = .empty,
         tableRows: TableRows = TableRows()) {
        self.fragments = fragments
        self.variables = variables
        self.literals = literals
        self.tableRows = tableRows
    }

    /// Binds a value the compiler decided (a page size, a cursor's values, the region): part of the plan's key.
    func bind(_ value: String?, as cast: String) -> SQLNode {
        parameters.append(.fixed(value))
        return .parameter(slot: parameters.count - 1, cast: cast)
    }

    /// Binds a value of the request that is only ever a parameter here: checked and turned into text by
    /// `transform` now, and, when its origin is known and the value decides nothing else (a variable used once,
    /// or a literal), re-read from each later request the plan serves, so the plan's key leaves its value out.
    func bind(_ value: InputValue, from source: InputSource, _ transform: ParameterTransform, as cast: String,
              location: GraphQLResponseError.Location?) throws(QueryError) -> SQLNode
    {
        let text = try transform.apply(value, location: location)
        switch transform {
        case .operand, .pattern, .array, .date, .argument:
            if relatedRowDepth > 0 {
                planCacheMode = .perExecution
            } else if planCacheMode == .generic {
                planCacheMode = .automatic
            }
        case .key: break
        }
        if let origin = source.origin(literals), reusable(origin) {
            // The same value bound the same way twice (a filter compiled once per pass) is one parameter.
            let binding = InputBinding(origin: origin, transform: transform, cast: cast)
            if let slot = inputSlots[binding] { return .parameter(slot: slot, cast: cast) }
            parameters.append(.input(origin, transform, location: location))
            inputSlots[binding] = parameters.count - 1
        } else {
            parameters.append(.fixed(text))
        }
        return .parameter(slot: parameters.count - 1, cast: cast)
    }

    private struct InputBinding: Hashable {
        let origin: InputOrigin
        let transform: ParameterTransform
        let cast: String
    }

    /// The slot each request value was bound to, by how it was bound.
    private var inputSlots: [InputBinding: Int] = [:]

    /// The principal's region (or the notice a region-limited principal reads), bound per request: a plan is shared by
    /// every region.
    func bindRegion(_ value: RegionValue) -> SQLNode {
        parameters.append(.region(value))
        return .parameter(slot: parameters.count - 1, cast: "text")
    }

    /// Reserves the parameter a mutation's payload reads its step's answer from (``PlanParameter/stepResult``), as jsonb.
    func bindStepResult() -> SQLNode {
        parameters.append(.stepResult)
        return .parameter(slot: parameters.count - 1, cast: "jsonb")
    }

    /// Reserves a parameter for the answer to the introspection field at `responseKey`.
    func bindIntrospection(_ responseKey: String) -> SQLNode {
        parameters.append(.introspection(responseKey))
        return .parameter(slot: parameters.count - 1, cast: "json")
    }

    /// The day `day` names, bound (it was checked when read, so binding it cannot fail).
    func bind(day: DayArgument) -> SQLNode {
        (try? bind(.string(day.text), from: day.source, .date(argument: day.argument), as: "date", location: day.location))
            ?? bind(day.text, as: "date")
    }

    /// Whether a value at `origin` may differ between requests sharing a plan: a literal, or a variable used
    /// once in the document (one used again might also decide the plan's shape there, as `first: $n` does).
    private func reusable(_ origin: InputOrigin) -> Bool {
        switch origin {
        case .literal: return true
        case .variable(let name, _): return literals.variableUses[name] == 1
        }
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
        relatedRowDepth += 1
        defer {
            candidates = outer
            relatedRowDepth -= 1
        }
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
