import GraphQL

/// An argument or variable value after coercion: what the compiler turns into SQL parameters.
package enum InputValue: Sendable, Equatable, Hashable {
    case null
    case int(Int)
    /// Floats and Decimals keep their text so no digit is lost on the way to PostgreSQL.
    case number(String)
    case string(String)
    case boolean(Bool)
    case enumValue(String)
    case list([InputValue])
    case object([String: InputValue])

    var intValue: Int? {
        if case .int(let value) = self { return value }
        return nil
    }

    /// The value as text for a string-like argument (String, ID, enum, Date).
    var textValue: String? {
        switch self {
        case .string(let text), .enumValue(let text), .number(let text): return text
        case .int(let value): return String(value)
        default: return nil
        }
    }

    /// Resolves an argument's AST value, substituting variables (already coerced). A variable the
    /// request did not provide (and that has no default) is `nil`: the argument counts as absent.
    static func resolve(_ value: Value, variables: [String: InputValue]) -> InputValue? {
        switch value {
        case let variable as Variable:
            return variables[variable.name.value]
        case let int as IntValue:
            return Int(int.value).map(InputValue.int) ?? .number(int.value)
        case let float as FloatValue:
            return .number(float.value)
        case let string as StringValue:
            return .string(string.value)
        case let boolean as BooleanValue:
            return .boolean(boolean.value)
        case is NullValue:
            return .null
        case let enumValue as EnumValue:
            return .enumValue(enumValue.value)
        case let list as ListValue:
            return .list(list.values.map { resolve($0, variables: variables) ?? .null })
        case let object as ObjectValue:
            var fields: [String: InputValue] = [:]
            for field in object.fields {
                if let resolved = resolve(field.value, variables: variables) {
                    fields[field.name.value] = resolved
                }
            }
            return .object(fields)
        default:
            return nil
        }
    }
}
