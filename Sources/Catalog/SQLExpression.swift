/// A column or SQL expression of one row of an entity's table, written against a table alias.
///
/// The catalog is the only place identifiers and SQL fragments come from (never a request), so the
/// compiler may splice these into SQL text. `{t}` in a template stands for the row's table alias.
public enum SQLExpression: Sendable, Hashable {
    /// A column of the entity's own table.
    case column(String)
    /// Any SQL expression over the row, e.g. `(SELECT prefecture_code FROM county WHERE code = {t}.applicant_county_code)`.
    case template(SQLTemplate)

    /// The SQL text with the alias substituted.
    public func render(alias: String) -> String {
        switch self {
        case .column(let name): return "\(alias).\(name)"
        case .template(let template): return template.text { $0 == "t" ? alias : "{" + $0 + "}" }
        }
    }
}

extension SQLExpression {
    /// A template written as text the catalog composed (a shared condition interpolated into a larger one): parsed
    /// here, once, when the catalog is built.
    public static func template(_ text: String) -> SQLExpression {
        .template(SQLTemplate(text))
    }
}
