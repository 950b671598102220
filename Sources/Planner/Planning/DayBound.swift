import Catalog

/// A catalog expression with the day its `{asOf}` stands for (status and validity on a day), kept as a node and
/// filled in when the statement is rendered: no builder writes a bound parameter into the expression's text.
struct DayBound {
    let expression: SQLExpression
    /// The day (a bound date, or `qunji_today()`), when the expression has `{asOf}`.
    let day: SQLNode?

    init(_ expression: SQLExpression, day: SQLNode? = nil) {
        self.expression = expression
        self.day = day
    }

    /// The expression on the row at `alias`.
    func node(alias: String) -> SQLNode {
        guard let day, case .template(let template) = expression else { return .expression(expression, alias: alias) }
        return .template(template, ["t": .alias(alias), "asOf": day])
    }
}
