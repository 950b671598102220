/// The limits a request must stay within, each checked as early as it can be, each failing with its own
/// `extensions.code` (``LimitCode``) so a client can tell which one it hit.
///
/// The order of the checks follows their cost: the text's length (free), then a lexical scan of tokens and
/// nesting before the parser runs (so a 1 MB or 10,000-level query costs one linear pass, and the parser's
/// recursion never sees it), then after validation the selection depth and aliases, then the variables,
/// then the estimated result size once the operation is planned — all before any SQL runs. The statement
/// time is enforced while it runs. Defaults let every query of the README and the explorer pass.
public struct RequestLimits: Sendable, Equatable {
    /// Longest query text, in UTF-8 bytes.
    public var maximumQueryBytes = 100_000
    /// Most lexical tokens in the query text (names, punctuators, values).
    public var maximumTokens = 10_000
    /// Deepest nesting of `{`, `(` and `[` in the query text, counted before parsing.
    public var maximumParseDepth = 64
    /// Deepest field selection (fragments expanded); introspection's usual type-reference query needs ~13.
    public var maximumSelectionDepth = 20
    /// Most aliased fields in one selection set (fragments expanded), against alias-amplification attacks.
    public var maximumAliases = 50
    /// Largest estimated cost of an anonymous request, in cost units (one unit: the database time of one
    /// plain list item, about 2.7 µs at scale 1): each list's page size multiplied through the lists around it,
    /// plus each policy rule's weight (`CostWeights`) for every row it is evaluated for.
    public var maximumCost = 100_000
    /// The same limit for requests with credentials (analysts, fund managers, administrators): higher, since
    /// they are known and few; the public endpoint gets `maximumCost`.
    public var maximumAuthenticatedCost = 1_000_000
    /// Most objects in an introspection answer: the whole schema with every introspection option takes
    /// about 8,000, so every tool's query fits, and documents multiplying lists do not.
    public static let introspectionObjects = 20_000
    /// Most bytes of an introspection answer (the whole schema takes about 1.6 MB).
    public static let introspectionBytes = 4 << 20
    /// Most values (scalars, list items and object entries) in the variables.
    public var maximumVariableValues = 10_000
    /// Deepest nesting of lists and input objects in the variables.
    public var maximumVariableDepth = 32
    /// Longest a statement may run before it is cancelled on the server (`PQcancel`); nil: no limit.
    public var statementTimeout: Duration? = .seconds(10)
    /// Least time between two executions of one live query (a subscription or a `@live` query): changes in between
    /// are answered together, so a busy table costs each live query at most one statement per interval.
    public var liveInterval: Duration = .seconds(1)

    public init() {}

    /// The defaults.
    public static let standard = RequestLimits()
}

/// `extensions.code` of each limit's error.
public enum LimitCode {
    public static let queryTooLong = "QUERY_TOO_LONG"
    public static let tooManyTokens = "TOKEN_LIMIT_EXCEEDED"
    public static let parseDepth = "PARSE_DEPTH_EXCEEDED"
    public static let selectionDepth = "SELECTION_DEPTH_EXCEEDED"
    public static let aliases = "ALIAS_LIMIT_EXCEEDED"
    public static let cost = "COST_LIMIT_EXCEEDED"
    public static let variables = "VARIABLES_TOO_LARGE"
    public static let timeout = "QUERY_TIMEOUT"
    public static let databaseBusy = "DATABASE_BUSY"
}
