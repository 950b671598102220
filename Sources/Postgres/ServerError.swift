/// An error reported by the server, with the fields libpq exposes through `PQresultErrorField`.
///
/// `message` is the primary message; `detail` and `hint` are the optional secondary lines that psql
/// prints under it. `position` is the 1-based character offset into the statement text where the
/// server located the problem (syntax errors, mostly).
public struct ServerError: Sendable, Hashable, CustomStringConvertible {
    public var sqlState: SQLState
    /// `ERROR`, `FATAL` or `PANIC` (the non-localized form when the server sends it).
    public var severity: String
    public var message: String
    public var detail: String?
    public var hint: String?
    public var constraint: String?
    public var table: String?
    public var column: String?
    public var position: Int?

    public init(
        sqlState: SQLState,
        severity: String = "ERROR",
        message: String,
        detail: String? = nil,
        hint: String? = nil,
        constraint: String? = nil,
        table: String? = nil,
        column: String? = nil,
        position: Int? = nil
    ) {
        self.sqlState = sqlState
        self.severity = severity
        self.message = message
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
        self.table = table
        self.column = column
        self.position = position
    }

    /// psql-like text: `ERROR 23505: duplicate key ...`, then `DETAIL:` and `HINT:` lines when present.
    public var description: String {
        var text = "\(self.severity) \(self.sqlState): \(self.message)"
        if let detail = self.detail {
            text += "\nDETAIL: \(detail)"
        }
        if let hint = self.hint {
            text += "\nHINT: \(hint)"
        }
        return text
    }
}
