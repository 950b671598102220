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

    /// A fresh table alias (`t1`, `t2`, …): unique within the statement, so correlated subqueries never
    /// capture the wrong row.
    func alias(_ prefix: String = "t") -> String {
        aliasCounter += 1
        return "\(prefix)\(aliasCounter)"
    }
}
