import GraphQL
import Planner

extension OverlappingFields {
    /// Whether two fields are called with the same arguments: the same names with structurally
    /// equal values, in any order (arguments and input object fields are unordered), variables
    /// compared by name. graphql-js compares `print(sortValueNode(value))`; comparing the AST
    /// directly gives the same answer without printing.
    static func sameArguments(_ arguments1: [Argument], _ arguments2: [Argument]) -> Bool {
        if arguments1.isEmpty { return arguments2.isEmpty }
        guard arguments1.count == arguments2.count else { return false }
        var values2: [String: any Value] = [:]
        for argument in arguments2 {
            values2[argument.name.value] = argument.value
        }
        return arguments1.allSatisfy { argument in
            guard let value2 = values2[argument.name.value] else { return false }
            return sameValue(argument.value, value2)
        }
    }

    /// Structural equality of two value ASTs, ignoring locations and input object field order.
    /// A block string and a quoted string with the same contents are the same value.
    static func sameValue(_ value1: any Value, _ value2: any Value) -> Bool {
        switch (value1, value2) {
        case let (left as Variable, right as Variable):
            return left.name.value == right.name.value
        case let (left as IntValue, right as IntValue):
            return left.value == right.value
        case let (left as FloatValue, right as FloatValue):
            return left.value == right.value
        case let (left as StringValue, right as StringValue):
            return left.value == right.value
        case let (left as BooleanValue, right as BooleanValue):
            return left.value == right.value
        case (is NullValue, is NullValue):
            return true
        case let (left as EnumValue, right as EnumValue):
            return left.value == right.value
        case let (left as ListValue, right as ListValue):
            return left.values.count == right.values.count
                && zip(left.values, right.values).allSatisfy { sameValue($0, $1) }
        case let (left as ObjectValue, right as ObjectValue):
            guard left.fields.count == right.fields.count else { return false }
            return zip(sortedByName(left.fields), sortedByName(right.fields)).allSatisfy {
                $0.name.value == $1.name.value && sameValue($0.value, $1.value)
            }
        default:
            return false
        }
    }

    /// Input object fields sorted by name, ties kept in source order (as graphql-js's stable sort).
    private static func sortedByName(_ fields: [ObjectField]) -> [ObjectField] {
        fields.enumerated()
            .sorted { ($0.element.name.value, $0.offset) < ($1.element.name.value, $1.offset) }
            .map(\.element)
    }
}
