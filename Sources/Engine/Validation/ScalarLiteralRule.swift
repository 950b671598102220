import GraphQL
import Planner

/// Value literals the reference scalars refuse but GraphQL 4.3.0's `ValuesOfCorrectTypeRule` lets
/// through, checked at validation so the document never reaches the planner:
///
/// - an `Int` literal outside 32 bits (`last: -2147483649`). The spec's Int is a signed 32-bit
///   integer and graphql-js refuses such literals at validation; 4.3.0 parses them into Swift's
///   64-bit `Int`.
/// - a string literal holding U+0000. GraphQL allows it, but PostgreSQL text cannot hold it, so no
///   argument of this schema can ever match or store it; refusing it here names the cause instead
///   of failing inside the statement.
///
/// Variables get the same checks in `VariableCoercion`.
@Sendable
func ScalarLiteralRule(context: ValidationContext) -> Visitor {
    Visitor(enter: { node, _, _, _, _ in
        switch node {
        case let int as IntValue:
            if let type = getNamedType(type: context.inputType), type.name == "Int", Int32(int.value) == nil {
                context.report(error: GraphQLError(
                    message: "Int cannot represent non 32-bit signed integer value: \(int.value)", nodes: [int]))
            }
        case let string as StringValue:
            if ScalarFormats.hasNUL(string.value) {
                context.report(error: GraphQLError(
                    message: "String values cannot contain the NUL character (\\u0000): PostgreSQL text cannot hold it.",
                    nodes: [string]))
            }
        default:
            break
        }
        return .continue
    })
}
