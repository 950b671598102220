import Catalog
import GraphQL

/// `where:` filters (issue 4 §1): `and`/`or`/`not`, typed operators per field, to-one relations by the
/// related entity's filter and to-many relations by `some`/`every`/`none`, compiled to one SQL condition
/// over the row at an alias. Every operand is a bound parameter; a null operand is ignored (the spec's
/// "null means absent" for input fields), `and: []` is true, `or: []` false and `in: []` matches nothing.
extension SelectionBuilder {
    /// The condition for `filter` on the row of `entity` at `alias`; nil when the filter sets nothing. `source` is
    /// where `filter` came from (the argument's AST), so operands can be bound for every request of the plan.
    func filterCondition(_ entity: Entity, _ filter: InputValue, source: InputSource, alias: String, field: GraphQL.Field)
        throws(QueryError) -> SQLNode?
    {
        guard case .object(let entries) = filter else { return nil }
        var parts: [SQLNode] = []
        for key in entries.keys.sorted() {
            guard let value = entries[key], value != .null else { continue }
            switch key {
            case "and", "or":
                guard case .list(let items) = value else { continue }
                var children: [SQLNode] = []
                for (index, item) in items.enumerated() {
                    children.append(try filterCondition(entity, item, source: source.child(key).element(index), alias: alias,
                                                        field: field) ?? .boolean(true))
                }
                parts.append(Self.combine(children, key == "and" ? "AND" : "OR", empty: key == "and"))
            case "not":
                let inner = try filterCondition(entity, value, source: source.child(key), alias: alias, field: field) ?? .boolean(true)
                parts.append(.call("NOT", [Self.definite(inner)]))
            default:
                parts.append(try fieldCondition(entity, key, value, source: source.child(key), alias: alias, field: field))
            }
        }
        return parts.isEmpty ? nil : Self.combine(parts, "AND", empty: true)
    }

    private func fieldCondition(_ entity: Entity, _ key: String, _ value: InputValue, source: InputSource, alias: String,
                                field: GraphQL.Field) throws(QueryError) -> SQLNode {
        switch entity.fields[key] {
        case .value(let valueField)?:
            // Filtering by a withheld text would reveal it one guess at a time.
            if valueField.provinceWideText, state.region != nil {
                throw .badInput("\(entity.typeName).\(key) is withheld from keys limited to a region (it is built from "
                                + "enterprise records of the whole province), so lists cannot be filtered by it.",
                                location: location(field))
            }
            // A weighted field in a filter is computed for every candidate row, not only the page's.
            state.chargePerCandidate(valueField.cost)
            return try operators(valueField, value, source: source, alias: alias, field: field)
        case .object(let relation)?:
            let target = try self.entity(relation.target)
            if let keyed = try keyedRelationCondition(relation, target: target, value, source: source, owner: alias, field: field) {
                return keyed
            }
            state.filterReadsOtherRows = true
            let related = state.alias()
            var conditions: [SQLNode] = [.relation(relation, owner: alias, related: related)]
            // One related row looked up per candidate.
            state.chargeCandidateScan(perThousandRows: ScanWeights.scannedRow)
            if let nested = try filterCondition(target, value, source: source, alias: related, field: field) { conditions.append(nested) }
            return .exists(SQLSelect(columns: [(.integer(1), nil)], from: [rows(of: target, alias: related)],
                                     conditions: conditions))
        case .connection(let relation)?:
            guard case .object(let quantifiers) = value else { return .boolean(true) }
            state.filterReadsOtherRows = true
            let target = try self.entity(relation.target)
            // Each candidate reads its related rows (a cluster's enterprises), and their conditions are
            // evaluated for each of them.
            return try state.perRelatedRow(state.tableRows.rows(target.table, perRowOf: entity.table)) {
                () throws(QueryError) -> SQLNode in
                state.chargeCandidateScan(perThousandRows: ScanWeights.scannedRow)
                return try listCondition(target, quantifiers, source: source, field: field,
                                         from: { rows(of: target, alias: $0) },
                                         link: { .relation(relation, owner: alias, related: $0) })
            }
        case .derived(let rows)?:
            // The filter input holds the field's arguments (`asOf`, `standard`, …) beside the conditions.
            guard case .object(let entries) = value else { return .boolean(true) }
            let argumentNames = Set(rows.arguments.map(\.name) + ["asOf"])
            var arguments: [String: SourcedInput] = [:]
            for (name, argument) in entries where argumentNames.contains(name) {
                arguments[name] = SourcedInput(value: argument, source: source.child(name))
            }
            let conditions = entries.filter { !argumentNames.contains($0.key) }
            // Arguments alone (`{asOf: …}`) constrain nothing; returning before the source is built keeps
            // their parameters unbound (PostgreSQL refuses a statement with a parameter it never sees).
            guard conditions.values.contains(where: { $0 != .null }) else { return .boolean(true) }
            state.filterReadsOtherRows = true
            state.chargePerCandidate(rows.cost)
            let target = try self.entity(rows.target)
            let rowsSource = try derivedSource(rows, owner: alias, arguments: arguments, field: field)
            let link = { (row: String) -> SQLNode? in self.derivedLink(rows, owner: alias, row: row) }
            if rows.single {
                let related = state.alias()
                var parts: [SQLNode] = link(related).map { [$0] } ?? []
                if let nested = try filterCondition(target, .object(conditions), source: source, alias: related, field: field) {
                    parts.append(nested)
                }
                return .exists(SQLSelect(columns: [(.integer(1), nil)],
                                         from: [derivedFrom(target, rowsSource, ordinality: false, alias: related)],
                                         conditions: parts))
            }
            return try listCondition(target, conditions, source: source, field: field,
                                     from: { derivedFrom(target, rowsSource, ordinality: false, alias: $0) },
                                     link: link)
        default:
            throw .badInput("\(entity.typeName) lists cannot be filtered by \(key).", location: location(field))
        }
    }

    /// A to-one filter that names only the related row's key with `eq` (`prefecture: {code: {eq: "520300"}}`), written as
    /// a person would: the relation's own condition with the value in place of the related row's column, and an
    /// uncorrelated check that such a row exists (PostgreSQL runs it once) — instead of a correlated EXISTS over the
    /// related table for every candidate, which cost the analyst filter half its throughput (BENCHMARKS.md). Equal by
    /// construction: the condition reads the related row only through that column. Nil when the filter says more, the
    /// condition needs more of the row, or the related rows are limited to the principal's region.
    private func keyedRelationCondition(_ relation: Relation, target: Entity, _ value: InputValue, source: InputSource,
                                        owner: String, field: GraphQL.Field) throws(QueryError) -> SQLNode? {
        guard state.region == nil || target.regionCondition == nil, case .object(let entries) = value else { return nil }
        let named = entries.filter { $0.value != .null }
        guard named.count == 1, let (key, operators) = named.first, case .object(let comparisons) = operators else { return nil }
        let used = comparisons.filter { $0.value != .null }
        guard used.count == 1, let operand = used["eq"],
              case .value(let valueField)? = target.fields[key], !valueField.provinceWideText,
              case .column(let column) = valueField.expression,
              let condition = relation.condition.replacingColumn(column, of: "r", with: "key") else { return nil }
        // Charged as the EXISTS it replaces, so the cost model does not depend on how the filter is written.
        state.chargeCandidateScan(perThousandRows: ScanWeights.scannedRow)
        state.chargePerCandidate(valueField.cost)
        let bound = try state.bind(operand, from: source.child(key).child("eq"), .operand(valueField.kind),
                                   as: Self.sqlType(valueField.kind), location: location(field))
        let related = state.alias()
        let exists = SQLNode.exists(SQLSelect(columns: [(.integer(1), nil)], from: [.table(name: target.table, alias: related)],
                                              conditions: [.binary(.column(related, column), "=", bound)]))
        return .binary(.template(condition, ["t": .alias(owner), "key": bound]), "AND", exists)
    }

    /// `some` / `every` / `none` / `count` over the rows `from` gives that `link` ties to the owner.
    private func listCondition(_ target: Entity, _ quantifiers: [String: InputValue], source: InputSource, field: GraphQL.Field,
                               from: (String) -> SQLFrom, link: (String) -> SQLNode?) throws(QueryError) -> SQLNode
    {
        var parts: [SQLNode] = []
        if let countFilter = quantifiers["count"], countFilter != .null {
            // count: how many related rows (matching `where`, when given) there are.
            let related = state.alias()
            var conditions: [SQLNode] = link(related).map { [$0] } ?? []
            if let counted = quantifiers["where"], counted != .null,
               let condition = try filterCondition(target, counted, source: source.child("where"), alias: related, field: field) {
                conditions.append(condition)
            }
            let count = SQLNode.subquery(SQLSelect(columns: [(.countAll, nil)], from: [from(related)], conditions: conditions))
            parts.append(try operators(count, kind: .int, countFilter, source: source.child("count"), field: field))
        }
        for quantifier in quantifiers.keys.sorted() where quantifier != "count" && quantifier != "where" {
            guard let nestedFilter = quantifiers[quantifier], nestedFilter != .null else { continue }
            let related = state.alias()
            let linked: [SQLNode] = link(related).map { [$0] } ?? []
            let nested = try filterCondition(target, nestedFilter, source: source.child(quantifier), alias: related,
                                             field: field) ?? .boolean(true)
            switch quantifier {
            case "some":
                parts.append(.exists(SQLSelect(columns: [(.integer(1), nil)], from: [from(related)], conditions: linked + [nested])))
            case "none":
                parts.append(.call("NOT", [.exists(SQLSelect(columns: [(.integer(1), nil)], from: [from(related)],
                                                             conditions: linked + [nested]))]))
            case "every":  // no related row fails the filter
                parts.append(.call("NOT", [.exists(SQLSelect(columns: [(.integer(1), nil)], from: [from(related)],
                                                             conditions: linked + [.call("NOT", [Self.definite(nested)])]))]))
            default:
                throw .badInput("Unknown list filter \(quantifier).", location: location(field))
            }
        }
        return Self.combine(parts, "AND", empty: true)
    }

    /// The operators of one field's filter input, ANDed.
    func operators(_ valueField: ValueField, _ input: InputValue, source: InputSource, alias: String, field: GraphQL.Field)
        throws(QueryError) -> SQLNode
    {
        try operators(valueNode(valueField, alias: alias), kind: valueField.kind, input, source: source, field: field)
    }

    /// The operators of a filter input on `expression` (a column, a count, an aggregate), ANDed.
    func operators(_ expression: SQLNode, kind: ScalarKind, _ input: InputValue, source: InputSource, field: GraphQL.Field)
        throws(QueryError) -> SQLNode
    {
        guard case .object(let operators) = input else { return .boolean(true) }
        let cast = Self.sqlType(kind)
        let at = location(field)
        /// `operand` bound through `transform`, re-read from each request the plan serves when it can be.
        func bound(_ operand: InputValue, _ name: String, _ transform: ParameterTransform, as type: String) throws(QueryError) -> SQLNode {
            try state.bind(operand, from: source.child(name), transform, as: type, location: at)
        }
        var parts: [SQLNode] = []
        for name in operators.keys.sorted() {
            guard let operand = operators[name], operand != .null else { continue }
            switch name {
            case "isNull":
                guard case .boolean(let isNull) = operand else { continue }
                parts.append(.isNull(expression, negated: !isNull))
            case "in", "notIn":
                guard case .list = operand else { continue }
                let array = try bound(operand, name, .array(kind), as: cast + "[]")
                parts.append(name == "in"
                    ? .binary(expression, "=", .call("ANY", [array]))
                    : .binary(expression, "<>", .call("ALL", [array])))
            case "startsWith", "contains", "istartsWith", "icontains":
                let pattern = try bound(operand, name, .pattern(kind, startsWith: name.hasSuffix("tartsWith")), as: "text")
                parts.append(.binary(expression, name.hasPrefix("i") ? "ILIKE" : "LIKE", pattern))
            case "like", "ilike":
                parts.append(.binary(expression, name == "like" ? "LIKE" : "ILIKE", try bound(operand, name, .operand(kind), as: "text")))
            default:
                let comparison: String
                switch name {
                case "eq": comparison = "="
                case "ne": comparison = "<>"
                case "lt": comparison = "<"
                case "lte": comparison = "<="
                case "gt": comparison = ">"
                case "gte": comparison = ">="
                default: throw .badInput("Unknown filter operator \(name).", location: location(field))
                }
                parts.append(.binary(expression, comparison, try bound(operand, name, .operand(kind), as: cast)))
            }
        }
        return Self.combine(parts, "AND", empty: true)
    }

    /// `a AND b AND …` (or OR); `empty` when there is nothing to combine.
    static func combine(_ parts: [SQLNode], _ connective: String, empty: Bool) -> SQLNode {
        guard var combined = parts.first else { return .boolean(empty) }
        for part in parts.dropFirst() { combined = .binary(combined, connective, part) }
        return combined
    }

    /// A condition that is never NULL, so that negating it means "does not hold".
    static func definite(_ condition: SQLNode) -> SQLNode {
        .call("coalesce", [condition, .boolean(false)])
    }
}
