import Catalog

/// Renders the SQL AST to text: the only place SQL text is produced from compiler output.
package enum SQLRenderer {
    /// PostgreSQL functions take at most 100 arguments, so objects with more than 50 keys are built
    /// from text instead of one `json_build_object` call (keys stay in selection order).
    package static let maximumObjectPairs = 50

    package static func render(_ node: SQLNode) -> String {
        var output = SQLText()
        render(node, into: &output)
        return output.text
    }

    package static func render(_ select: SQLSelect) -> String {
        statement(select).sql
    }

    /// A statement's text and the plan parameter slots its `$1`, `$2`, … stand for, in that order.
    package static func statement(_ select: SQLSelect) -> (sql: String, slots: [Int]) {
        var output = SQLText()
        render(select, into: &output)
        return (output.text, output.slots)
    }

    /// Text being rendered, and the numbers given to parameter slots so far.
    private struct SQLText {
        var text = ""
        var slots: [Int] = []
        private var numbers: [Int: Int] = [:]

        /// `$n` for `slot`: the next number on its first appearance, the same one after.
        mutating func number(_ slot: Int) -> Int {
            if let number = numbers[slot] { return number }
            slots.append(slot)
            numbers[slot] = slots.count
            return slots.count
        }

        static func += (output: inout SQLText, text: String) {
            output.text += text
        }

        static func += (output: inout SQLText, text: Substring) {
            output.text += text
        }
    }

    private static func render(_ node: SQLNode, into output: inout SQLText) {
        switch node {
        case .parameter(let slot, let cast):
            output += "$\(output.number(slot))::\(cast)"
        case .literal(let text):
            output += quote(text) + "::text"
        case .integer(let value):
            output += String(value)
        case .jsonObject(let pairs):
            if pairs.count <= maximumObjectPairs {
                output += "json_build_object("
                for (index, pair) in pairs.enumerated() {
                    if index > 0 { output += ", " }
                    output += quote(pair.key) + ", "
                    render(pair.value, into: &output)
                }
                output += ")"
            } else {
                output += "('{' || concat_ws(','"
                for pair in pairs {
                    output += ", to_json(\(quote(pair.key))::text)::text || ':' || coalesce(("
                    render(pair.value, into: &output)
                    output += ")::text, 'null')"
                }
                output += ") || '}')::json"
            }
        case .call(let name, let arguments):
            output += name + "("
            renderList(arguments, into: &output)
            output += ")"
        case .binary(let left, let op, let right):
            output += "("
            render(left, into: &output)
            output += " \(op) "
            render(right, into: &output)
            output += ")"
        case .subquery(let select):
            output += "("
            render(select, into: &output)
            output += ")"
        case .exists(let select):
            output += "EXISTS ("
            render(select, into: &output)
            output += ")"
        case .cast(let inner, let type):
            output += "("
            render(inner, into: &output)
            output += ")::\(type)"
        case .aggregate(let name, let argument, let orderBy, let filter):
            output += name + "("
            render(argument, into: &output)
            if !orderBy.isEmpty {
                output += " ORDER BY "
                renderOrder(orderBy, into: &output)
            }
            output += ")"
            renderFilterClause(filter, into: &output)
        case .countAll:
            output += "count(*)"
        case .caseWhen(let condition, let value, let otherwise):
            output += "(CASE WHEN "
            render(condition, into: &output)
            output += " THEN "
            render(value, into: &output)
            output += " ELSE "
            render(otherwise, into: &output)
            output += " END)"
        case .countDistinct(let value, let filter):
            output += "count(DISTINCT "
            render(value, into: &output)
            output += ")"
            renderFilterClause(filter, into: &output)
        case .element(let array, let index):
            output += "("
            render(array, into: &output)
            output += ")[\(index)]"
        case .column(let alias, let name):
            output += "\(alias).\(name)"
        case .expression(let expression, let alias):
            switch expression {
            case .column(let name): output += "\(alias).\(name)"
            case .template(let template): renderTemplate(template, ["t": .alias(alias)], into: &output)
            }
        case .null(let type):
            output += "NULL::\(type)"
        case .boolean(let value):
            output += value ? "true" : "false"
        case .constant(let text):
            output += quote(text)
        case .relation(let relation, let owner, let related):
            renderTemplate(relation.condition, ["t": .alias(owner), "r": .alias(related)], into: &output)
        case .template(let text, let holes):
            renderTemplate(text, holes, into: &output)
        case .alias(let name):
            output += name
        case .isNull(let inner, let negated):
            output += "("
            render(inner, into: &output)
            output += negated ? " IS NOT NULL)" : " IS NULL)"
        case .window(let name, let arguments, let orderBy):
            output += name + "("
            renderList(arguments, into: &output)
            output += ") OVER ("
            if !orderBy.isEmpty {
                output += "ORDER BY "
                renderOrder(orderBy, into: &output)
            }
            output += ")"
        case .jsonArray(let element, let orderBy, let from):
            output += "(SELECT coalesce(json_agg("
            render(element, into: &output)
            if !orderBy.isEmpty {
                output += " ORDER BY "
                renderOrder(orderBy, into: &output)
            }
            output += "), '[]'::json) FROM "
            renderFromList(from.from, into: &output)
            renderClauses(from, into: &output)
            output += ")"
        }
    }

    private static func render(_ select: SQLSelect, into output: inout SQLText) {
        for (index, table) in select.with.enumerated() {
            output += index == 0 ? "WITH " : ", "
            output += "\(table.name) AS MATERIALIZED ("
            render(table.select, into: &output)
            output += ")"
        }
        if !select.with.isEmpty { output += " " }
        output += select.distinct ? "SELECT DISTINCT " : "SELECT "
        for (index, column) in select.columns.enumerated() {
            if index > 0 { output += ", " }
            render(column.expression, into: &output)
            if let alias = column.alias { output += " AS \(alias)" }
        }
        if !select.from.isEmpty {
            output += " FROM "
            renderFromList(select.from, into: &output)
        }
        renderClauses(select, into: &output)
    }

    private static func renderFromList(_ items: [SQLFrom], into output: inout SQLText) {
        for (index, item) in items.enumerated() {
            if index > 0 { output += ", " }
            render(item, into: &output)
        }
    }

    private static func render(_ item: SQLFrom, into output: inout SQLText) {
        switch item {
        case .table(let name, let alias), .function(let name, let alias):
            output += "\(name) \(alias)"
        case .subquery(let inner, let alias):
            output += "("
            render(inner, into: &output)
            output += ") \(alias)"
        case .lateral(let inner, let alias):
            output += "LATERAL ("
            render(inner, into: &output)
            output += ") \(alias)"
        case .call(let call, let alias):
            render(call, into: &output)
            output += " \(alias)"
        case .join(let left, let kind, let right, let condition):
            render(left, into: &output)
            output += kind == .left ? " LEFT JOIN " : " JOIN "
            if case .join = right {
                output += "("
                render(right, into: &output)
                output += ")"
            } else {
                render(right, into: &output)
            }
            output += " ON "
            render(condition, into: &output)
        }
    }

    /// WHERE, GROUP BY, ORDER BY, LIMIT and OFFSET of `select`.
    private static func renderClauses(_ select: SQLSelect, into output: inout SQLText) {
        renderConditions(" WHERE ", select.conditions, into: &output)
        if !select.groupBy.isEmpty {
            output += " GROUP BY "
            renderList(select.groupBy, into: &output)
        }
        renderConditions(" HAVING ", select.having, into: &output)
        if !select.orderBy.isEmpty {
            output += " ORDER BY "
            renderOrder(select.orderBy, into: &output)
        }
        if let limit = select.limit {
            output += " LIMIT "
            render(limit, into: &output)
        }
        if let offset = select.offset {
            output += " OFFSET "
            render(offset, into: &output)
        }
    }

    /// `template`'s text with each hole that `holes` names rendered as its node; a hole it does not name is written
    /// back as it was (`{name}`).
    private static func renderTemplate(_ template: SQLTemplate, _ holes: [String: SQLNode], into output: inout SQLText) {
        for segment in template.segments {
            switch segment {
            case .text(let text):
                output += text
            case .hole(let name):
                if let node = holes[name] {
                    render(node, into: &output)
                } else {
                    output += "{" + name + "}"
                }
            }
        }
    }

    /// An aggregate's ` FILTER (WHERE …)`, when it has one.
    private static func renderFilterClause(_ filter: SQLNode?, into output: inout SQLText) {
        guard let filter else { return }
        output += " FILTER (WHERE "
        render(filter, into: &output)
        output += ")"
    }

    /// `keyword c1 AND c2 …`, nothing when there are no conditions.
    private static func renderConditions(_ keyword: String, _ conditions: [SQLNode], into output: inout SQLText) {
        guard !conditions.isEmpty else { return }
        output += keyword
        for (index, condition) in conditions.enumerated() {
            if index > 0 { output += " AND " }
            render(condition, into: &output)
        }
    }

    private static func renderList(_ items: [SQLNode], into output: inout SQLText) {
        for (index, item) in items.enumerated() {
            if index > 0 { output += ", " }
            render(item, into: &output)
        }
    }

    private static func renderOrder(_ items: [SQLOrder], into output: inout SQLText) {
        for (index, item) in items.enumerated() {
            if index > 0 { output += ", " }
            render(item.expression, into: &output)
            output += item.descending ? " DESC" : " ASC"
            if let nullsFirst = item.nullsFirst { output += nullsFirst ? " NULLS FIRST" : " NULLS LAST" }
        }
    }

    /// A single-quoted SQL string literal (standard_conforming_strings is on: only quotes double).
    package static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
