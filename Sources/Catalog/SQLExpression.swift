/// A column or SQL expression of one row of an entity's table, written against a table alias.
///
/// The catalog is the only place identifiers and SQL fragments come from (never a request), so the
/// compiler may splice these into SQL text. `{t}` in a template stands for the row's table alias.
public enum SQLExpression: Sendable, Hashable {
    /// A column of the entity's own table.
    case column(String)
    /// Any SQL expression over the row, e.g. `(SELECT prefecture_code FROM county WHERE code = {t}.applicant_county_code)`.
    case template(String)

    /// The SQL text with the alias substituted.
    public func render(alias: String) -> String {
        switch self {
        case .column(let name): return "\(alias).\(name)"
        case .template(let text): return text.replacing("{t}", with: alias)
        }
    }
}
