import Catalog

/// One parameter of a compiled plan, and where each request's value for it comes from.
///
/// A plan is compiled once per shape of request (``PlanKey``), so its parameters cannot hold one request's
/// values: a value the compiler chose (a page size, a decoded cursor, the principal's region) is `fixed` — it is
/// part of the plan's key — and a value the request carries where it is only ever bound (a filter's operand, a
/// lookup's key, a day) is re-read from each request's variables or document literals and checked again.
package enum PlanParameter: Sendable {
    /// A value decided when the plan was compiled.
    case fixed(String?)
    /// A request's value at `origin`, checked and turned into parameter text by `transform`.
    case input(InputOrigin, ParameterTransform, location: GraphQLResponseError.Location?)
    /// The answer to an introspection field (by response key), filled in at execution.
    case introspection(String)
    /// The prefecture the request's principal is limited to (``Principal/region``), or what a region-limited
    /// principal reads in place of a province-wide text: plans are shared by every region, keyed only on whether
    /// there is one.
    case region(RegionValue)
    /// What a mutation's step answered (its rows' ids, as JSON), filled in at execution: the payload reads those rows.
    case stepResult
}

/// What a `region` parameter holds for a request limited to a region.
package enum RegionValue: Sendable {
    /// The region's code.
    case code
    /// The notice shown instead of a text built from the whole province's records.
    case withheldNotice

    package func text(_ region: String) -> String {
        switch self {
        case .code:
            return region
        case .withheldNotice:
            return "Withheld: this text is built from enterprise records of the whole province, and this key or token is "
                + "limited to prefecture \(region). 此说明引用全省企业记录，限定地区的密钥不予显示。"
        }
    }
}

/// How a request's value becomes parameter text, with the checks the compiler makes on it: the same code runs
/// when the plan is compiled and for every later request it serves, so a bad value is refused the same way.
package enum ParameterTransform: Sendable, Hashable {
    /// A filter operand of a field of `kind`, checked for Date and Decimal.
    case operand(ScalarKind)
    /// A LIKE pattern from an operand: `\`, `%` and `_` escaped, then `%` after it, and before it unless `startsWith`.
    case pattern(ScalarKind, startsWith: Bool)
    /// A list operand (`in`, `notIn`), as a PostgreSQL array literal.
    case array(ScalarKind)
    /// A Date argument, named in the error.
    case date(argument: String)
    /// A key compared with a column of `sqlType`; a value that is not of that type becomes NULL (no row matches).
    case key(sqlType: String)
    /// An argument's text as given; an integer argument with a range is checked against it.
    case argument(name: String, range: ClosedRange<Int>?)

    /// The parameter text for `value`.
    package func apply(_ value: InputValue, location: GraphQLResponseError.Location?) throws(QueryError) -> String? {
        switch self {
        case .operand(let kind):
            return try Self.operandText(value, kind, location: location)
        case .pattern(let kind, let startsWith):
            let text = Self.escapeLike(try Self.operandText(value, kind, location: location))
            return startsWith ? text + "%" : "%" + text + "%"
        case .array(let kind):
            guard case .list(let items) = value else {
                throw .badInput("A list filter operand must be a list.", location: location)
            }
            var texts: [String] = []
            for item in items { texts.append(try Self.operandText(item, kind, location: location)) }
            return Self.arrayLiteral(texts)
        case .date(let name):
            guard let text = value.textValue, ScalarFormats.isDate(text) else {
                throw .badInput("\"\(name)\" must be a Date (YYYY-MM-DD).", location: location)
            }
            return text
        case .key(let sqlType):
            guard let text = value.textValue, ScalarFormats.accepts(text, as: sqlType) else { return nil }
            return text
        case .argument(let name, let range):
            guard let text = value.textValue else { return nil }
            if let range, !(Int(text).map(range.contains) ?? false) {
                throw .badInput("\"\(name)\" must be between \(range.lowerBound) and \(range.upperBound) (got \(text)).",
                                location: location)
            }
            return text
        }
    }

    /// An operand as the text PostgreSQL parses for the column's type, checked for Date and Decimal.
    static func operandText(_ value: InputValue, _ kind: ScalarKind, location: GraphQLResponseError.Location?)
        throws(QueryError) -> String
    {
        let text: String
        switch value {
        case .boolean(let flag): text = flag ? "true" : "false"
        default:
            guard let plain = value.textValue else {
                throw .badInput("A filter operand must be a single value.", location: location)
            }
            text = plain
        }
        switch kind {
        case .date where !ScalarFormats.isDate(text):
            throw .badInput("\"\(text)\" is not a Date (YYYY-MM-DD).", location: location)
        case .decimal where !ScalarFormats.isDecimal(text), .float where !ScalarFormats.isDecimal(text):
            throw .badInput("\"\(text)\" is not a number.", location: location)
        default:
            return text
        }
    }

    /// A PostgreSQL array literal of quoted elements: `{"a","b\"c"}`.
    static func arrayLiteral(_ items: [String]) -> String {
        "{" + items.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
            .joined(separator: ",") + "}"
    }

    /// User text for LIKE taken literally: `\`, `%` and `_` escaped (backslash is LIKE's default escape).
    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}

/// The values a plan's `input` and `region` parameters are read from: one request's coerced variables, its document's
/// literals and its principal's region.
package struct PlanInputs: Sendable {
    package let variables: [String: InputValue]
    package let literals: DocumentLiterals
    package let region: String?

    package init(variables: [String: InputValue], literals: DocumentLiterals, region: String? = nil) {
        self.variables = variables
        self.literals = literals
        self.region = region
    }

    /// The value at `origin`; nil when the request has none there (a plan keyed on this request's shape always finds one).
    package func value(at origin: InputOrigin) -> InputValue? {
        switch origin {
        case .literal(let index):
            return literals.values.indices.contains(index) ? literals.values[index] : nil
        case .variable(let name, let path):
            guard var value = variables[name] else { return nil }
            for step in path {
                switch (step, value) {
                case (.key(let key), .object(let fields)):
                    guard let next = fields[key] else { return nil }
                    value = next
                case (.index(let index), .list(let items)) where items.indices.contains(index):
                    value = items[index]
                default:
                    return nil
                }
            }
            return value
        }
    }
}
