import Foundation
import GraphQL

/// Coerces request variables against the operation's variable definitions, as the spec's
/// CoerceVariableValues does: missing required variables, null for non-null types and values of the
/// wrong type are errors, and no SQL runs.
struct VariableCoercion {
    let schema: GraphQLSchema

    func coerce(_ definitions: [VariableDefinition], _ inputs: [String: Map]) throws(QueryError) -> [String: InputValue] {
        var coerced: [String: InputValue] = [:]
        for definition in definitions {
            let name = definition.variable.name.value
            let typeText = Self.describe(definition.type)
            let provided = inputs[name]
            let location = definition.loc.map { QueryError.location(of: $0) }
            if provided == nil || provided == .undefined {
                if let defaultValue = definition.defaultValue {
                    coerced[name] = InputValue.resolve(defaultValue, variables: [:]) ?? .null
                } else if definition.type is NonNullType {
                    throw .badInput("Variable \"$\(name)\" of required type \"\(typeText)\" was not provided.",
                                    location: location)
                }
                continue
            }
            guard let provided else { continue }
            do {
                coerced[name] = try coerce(provided, to: definition.type)
            } catch let failure as CoercionFailure {
                throw .badInput("Variable \"$\(name)\" got invalid value \(Self.show(provided)); \(failure.message)",
                                location: location)
            } catch {
                throw .badInput("Variable \"$\(name)\" got an invalid value.", location: location)
            }
        }
        return coerced
    }

    struct CoercionFailure: Error {
        let message: String
    }

    private func coerce(_ value: Map, to type: GraphQL.`Type`) throws -> InputValue {
        if let nonNull = type as? NonNullType {
            if value == .null { throw CoercionFailure(message: "Expected non-nullable type \"\(Self.describe(type))\" not to be null.") }
            return try coerce(value, to: nonNull.type)
        }
        if value == .null { return .null }
        if let list = type as? ListType {
            if case .array(let items) = value {
                return .list(try items.map { try coerce($0, to: list.type) })
            }
            return .list([try coerce(value, to: list.type)])
        }
        guard let named = type as? NamedType else { throw CoercionFailure(message: "unknown type") }
        return try coerce(value, toNamed: named.name.value)
    }

    private func coerce(_ value: Map, toNamed typeName: String) throws -> InputValue {
        switch typeName {
        case "Int":
            guard case .number(let number) = value, number.storageType != .bool else {
                throw CoercionFailure(message: "Int cannot represent non-integer value: \(Self.show(value))")
            }
            let double = number.doubleValue
            guard double.rounded() == double, double >= -2_147_483_648, double <= 2_147_483_647 else {
                throw CoercionFailure(message: "Int cannot represent non 32-bit signed integer value: \(Self.show(value))")
            }
            return .int(Int(double))
        case "Float":
            guard case .number(var number) = value, number.storageType != .bool, number.doubleValue.isFinite else {
                throw CoercionFailure(message: "Float cannot represent non numeric value: \(Self.show(value))")
            }
            return .number(number.number.stringValue)
        case "String":
            guard case .string(let text) = value else {
                throw CoercionFailure(message: "String cannot represent a non string value: \(Self.show(value))")
            }
            guard !ScalarFormats.hasNUL(text) else { throw CoercionFailure(message: ScalarFormats.nulMessage) }
            return .string(text)
        case "Boolean":
            guard case .bool(let flag) = value else {
                throw CoercionFailure(message: "Boolean cannot represent a non boolean value: \(Self.show(value))")
            }
            return .boolean(flag)
        case "ID":
            switch value {
            case .string(let text) where !ScalarFormats.hasNUL(text): return .string(text)
            case .number(let number) where number.storageType == .int: return .string(String(number.intValue))
            default: throw CoercionFailure(message: "ID cannot represent value: \(Self.show(value))")
            }
        case "Date":
            guard case .string(let text) = value, ScalarFormats.isDate(text) else {
                throw CoercionFailure(message: "Date must be a date in the form YYYY-MM-DD: \(Self.show(value))")
            }
            return .string(text)
        case "Decimal":
            switch value {
            case .string(let text) where ScalarFormats.isDecimal(text): return .number(text)
            case .number(var number) where number.storageType != .bool && number.doubleValue.isFinite:
                return .number(number.number.stringValue)
            default:
                throw CoercionFailure(message: "Decimal must be a number or a numeric string: \(Self.show(value))")
            }
        default:
            break
        }
        if let enumType = schema.getType(name: typeName) as? GraphQLEnumType {
            guard case .string(let text) = value, enumType.values.contains(where: { $0.name == text }) else {
                throw CoercionFailure(message: "Value \(Self.show(value)) does not exist in \"\(typeName)\" enum.")
            }
            return .enumValue(text)
        }
        if let objectType = schema.getType(name: typeName) as? GraphQLInputObjectType {
            guard case .dictionary(let entries) = value else {
                throw CoercionFailure(message: "Expected type \"\(typeName)\" to be an object.")
            }
            let fields = (try? objectType.fields()) ?? [:]
            for key in entries.keys where fields[key] == nil {
                throw CoercionFailure(message: "Field \"\(key)\" is not defined by type \"\(typeName)\".")
            }
            var result: [String: InputValue] = [:]
            for (fieldName, field) in fields {
                let entry = entries[fieldName]
                if entry == nil || entry == .undefined {
                    if field.type is GraphQLNonNull && field.defaultValue == nil {
                        throw CoercionFailure(message: "Field \"\(fieldName)\" of required type \"\(field.type)\" was not provided.")
                    }
                    continue
                }
                guard let entry else { continue }
                result[fieldName] = try coerce(entry, toInputType: field.type)
            }
            return .object(result)
        }
        throw CoercionFailure(message: "unknown input type \"\(typeName)\"")
    }

    private func coerce(_ value: Map, toInputType type: GraphQLInputType) throws -> InputValue {
        if let nonNull = type as? GraphQLNonNull {
            if value == .null { throw CoercionFailure(message: "Expected non-nullable type \"\(type)\" not to be null.") }
            guard let inner = nonNull.ofType as? GraphQLInputType else { throw CoercionFailure(message: "bad type") }
            return try coerce(value, toInputType: inner)
        }
        if value == .null { return .null }
        if let list = type as? GraphQLList {
            guard let inner = list.ofType as? GraphQLInputType else { throw CoercionFailure(message: "bad type") }
            if case .array(let items) = value { return .list(try items.map { try coerce($0, toInputType: inner) }) }
            return .list([try coerce(value, toInputType: inner)])
        }
        guard let named = type as? GraphQLNamedType else { throw CoercionFailure(message: "bad type") }
        return try coerce(value, toNamed: named.name)
    }

    /// The type as written in the query, e.g. `[Int!]!`.
    static func describe(_ type: GraphQL.`Type`) -> String {
        switch type {
        case let nonNull as NonNullType: return describe(nonNull.type) + "!"
        case let list as ListType: return "[" + describe(list.type) + "]"
        case let named as NamedType: return named.name.value
        default: return "?"
        }
    }

    /// A value as JSON-ish text for messages.
    static func show(_ value: Map) -> String {
        switch value {
        case .undefined: return "undefined"
        case .null: return "null"
        case .bool(let flag): return String(flag)
        case .number(var number): return number.number.stringValue
        case .string(let text): return "\"\(text)\""
        case .array(let items): return "[" + items.map(show).joined(separator: ", ") + "]"
        case .dictionary(let entries):
            return "{" + entries.map { "\($0.key): \(show($0.value))" }.joined(separator: ", ") + "}"
        }
    }
}

/// Text formats of the custom scalars, checked before a value is sent to PostgreSQL.
package enum ScalarFormats {
    /// PostgreSQL text cannot hold U+0000, so no string argument may carry it.
    package static func hasNUL(_ text: String) -> Bool { text.utf8.contains(0) }

    package static let nulMessage = "strings cannot contain the NUL character (\\u0000): PostgreSQL text cannot hold it."

    package static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        // Digits only (Int() would take "+202"), years 0001-9999 (PostgreSQL has no year 0).
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              year >= 1, (1...12).contains(month), day >= 1 else { return false }
        let days = [31, (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }

    /// Whether PostgreSQL will read `text` as a value of `sqlType` (a type this planner binds), so a
    /// key decoded from a global id or a cursor is refused before SQL rather than by the statement.
    package static func accepts(_ text: String, as sqlType: String) -> Bool {
        switch sqlType {
        case "smallint": return Int16(text) != nil
        case "integer": return Int32(text) != nil
        case "bigint": return Int64(text) != nil
        case "numeric": return isDecimal(text)
        case "date": return isDate(text)
        case "boolean": return text == "true" || text == "false"
        default: return !hasNUL(text)
        }
    }

    package static func isDecimal(_ text: String) -> Bool {
        var characters = Substring(text)
        if characters.first == "-" { characters = characters.dropFirst() }
        let pieces = characters.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(pieces.count), !pieces[0].isEmpty, pieces.allSatisfy({ !$0.isEmpty }) else { return false }
        return pieces.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isNumber } } && characters.count <= 60
    }
}
