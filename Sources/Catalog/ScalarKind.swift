/// How a column's PostgreSQL value becomes a GraphQL value, and how an argument becomes a parameter.
public enum ScalarKind: Sendable, Hashable {
    /// GraphQL `ID`: emitted as a JSON string.
    case id
    case string
    case int
    case float
    case boolean
    /// `Date` scalar: ISO `YYYY-MM-DD`, emitted as a JSON string.
    case date
    /// `Decimal` scalar: a `numeric` emitted as a JSON number with exactly PostgreSQL's digits.
    case decimal
    /// A GraphQL enum whose values are the codes stored in the column (lookup-table codes).
    case enumeration(String)

    /// The GraphQL type name (without list or non-null wrappers).
    public var graphQLTypeName: String {
        switch self {
        case .id: return "ID"
        case .string: return "String"
        case .int: return "Int"
        case .float: return "Float"
        case .boolean: return "Boolean"
        case .date: return "Date"
        case .decimal: return "Decimal"
        case .enumeration(let name): return name
        }
    }
}
