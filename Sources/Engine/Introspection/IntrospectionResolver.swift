import GraphQL
import Planner

/// Answers the introspection root fields of a validated document (`__schema`, `__type`) from a role's
/// `IntrospectionModel`, writing JSON text directly.
///
/// Every object written (a type or type reference, field, argument, input field, enum value, directive)
/// is counted, and the text measured, against limits a little above what the whole schema takes (about
/// 8,000 objects and 1.6 MB for the full schema with every introspection option), so a document that
/// multiplies lists (`fields { type { ofType { fields … } } }` aliased many times) stops at the limit
/// instead of running for seconds: the work done is at most the limit, whatever the document.
struct IntrospectionResolver {
    struct LimitExceeded: Error {
        let message: String
    }

    let model: IntrospectionModel
    let fragments: [String: FragmentDefinition]
    let variables: [String: Map]
    let defaults: [String: Value]
    let maximumItems: Int
    let maximumBytes: Int
    private(set) var items = 0
    private var output = ""

    init(model: IntrospectionModel, operation: OperationDefinition, fragments: [String: FragmentDefinition],
         variables: [String: Map], maximumItems: Int, maximumBytes: Int) {
        self.model = model
        self.fragments = fragments
        self.variables = variables
        var defaults: [String: Value] = [:]
        for definition in operation.variableDefinitions {
            if let value = definition.defaultValue { defaults[definition.variable.name.value] = value }
        }
        self.defaults = defaults
        self.maximumItems = maximumItems
        self.maximumBytes = maximumBytes
    }

    /// The nodes introspection describes.
    private enum Node {
        case schema
        case type(IntrospectionModel.TypeRef)
        case field(IntrospectionModel.Field)
        case inputValue(IntrospectionModel.InputValue)
        case enumValue(IntrospectionModel.EnumValue)
        case directive(IntrospectionModel.Directive)

        var typeName: String {
            switch self {
            case .schema: return "__Schema"
            case .type: return "__Type"
            case .field: return "__Field"
            case .inputValue: return "__InputValue"
            case .enumValue: return "__EnumValue"
            case .directive: return "__Directive"
            }
        }
    }

    /// Response key → JSON text, for each root field of `selectionSet` (on `Query`).
    mutating func answer(_ selectionSet: SelectionSet) throws(LimitExceeded) -> [(key: String, json: String)] {
        var answers: [(key: String, json: String)] = []
        for (key, fields) in collect([selectionSet], typeName: model.queryType ?? "Query") {
            guard let field = fields.first else { continue }
            output = ""
            switch field.name.value {
            case "__schema":
                try write(.schema, fields)
            case "__type":
                if let name = string(argument: "name", of: field), model.types[name] != nil {
                    try write(.type(.named(name)), fields)
                } else {
                    output += "null"
                }
            default:
                output += "null"
            }
            answers.append((key, output))
        }
        return answers
    }

    // MARK: Selections

    /// Fields by response key, in document order, for an object of type `typeName` (fragments whose type
    /// condition is another type, and fields skipped by @skip/@include, are left out).
    private func collect(_ selectionSets: [SelectionSet], typeName: String) -> [(key: String, fields: [Field])] {
        var order: [String] = []
        var byKey: [String: [Field]] = [:]
        var visited: Set<String> = []
        func visit(_ set: SelectionSet) {
            for selection in set.selections {
                switch selection {
                case let field as Field:
                    guard included(field.directives) else { continue }
                    let key = field.alias?.value ?? field.name.value
                    if byKey[key] == nil { order.append(key) }
                    byKey[key, default: []].append(field)
                case let inline as InlineFragment:
                    guard included(inline.directives) else { continue }
                    if let condition = inline.typeCondition, condition.name.value != typeName { continue }
                    visit(inline.selectionSet)
                case let spread as FragmentSpread:
                    guard included(spread.directives), !visited.contains(spread.name.value),
                          let fragment = fragments[spread.name.value],
                          fragment.typeCondition.name.value == typeName
                    else { continue }
                    visited.insert(spread.name.value)
                    visit(fragment.selectionSet)
                default:
                    continue
                }
            }
        }
        for set in selectionSets { visit(set) }
        return order.map { ($0, byKey[$0] ?? []) }
    }

    private func included(_ directives: [Directive]) -> Bool {
        for directive in directives {
            guard let condition = directive.arguments.first(where: { $0.name.value == "if" }).flatMap({ value($0.value) }),
                  case .bool(let flag) = condition else { continue }
            if directive.name.value == "skip" && flag { return false }
            if directive.name.value == "include" && !flag { return false }
        }
        return true
    }

    private func value(_ node: Value) -> Map? {
        switch node {
        case let variable as Variable:
            if let given = variables[variable.name.value], given != .undefined { return given }
            return defaults[variable.name.value].flatMap(value)
        case let boolean as BooleanValue: return .bool(boolean.value)
        case let string as StringValue: return .string(string.value)
        case is NullValue: return .null
        default: return nil
        }
    }

    private func string(argument name: String, of field: Field) -> String? {
        guard let node = field.arguments.first(where: { $0.name.value == name }), case .string(let text)? = value(node.value)
        else { return nil }
        return text
    }

    private func includeDeprecated(_ fields: [Field]) -> Bool {
        guard let node = fields.first?.arguments.first(where: { $0.name.value == "includeDeprecated" }),
              case .bool(let flag)? = value(node.value) else { return false }
        return flag
    }

    // MARK: Writing

    private mutating func write(_ node: Node, _ fields: [Field]) throws(LimitExceeded) {
        items += 1
        guard items <= maximumItems else {
            throw LimitExceeded(message: "The introspection answer would hold more than \(maximumItems) objects (types, fields, "
                                + "arguments, type references, enum values, …), the most this server allows; the whole schema "
                                + "takes about 8,000. Ask for fewer nested lists.")
        }
        output += "{"
        var first = true
        for (key, group) in collect(fields.compactMap(\.selectionSet), typeName: node.typeName) {
            guard let name = group.first?.name.value else { continue }
            if !first { output += "," }
            first = false
            output += GraphQLResponseError.quoted(key) + ":"
            try writeField(name, of: node, group)
        }
        output += "}"
        guard output.utf8.count <= maximumBytes else {
            throw LimitExceeded(message: "The introspection answer would be larger than \(maximumBytes) bytes, the most this server sends.")
        }
    }

    private mutating func writeList(_ nodes: [Node], _ fields: [Field]) throws(LimitExceeded) {
        output += "["
        for (index, node) in nodes.enumerated() {
            if index > 0 { output += "," }
            try write(node, fields)
        }
        output += "]"
    }

    private mutating func writeStrings(_ values: [String]) throws(LimitExceeded) {
        output += "[" + values.map(GraphQLResponseError.quoted).joined(separator: ",") + "]"
    }

    private mutating func writeText(_ text: String?) {
        output += text.map(GraphQLResponseError.quoted) ?? "null"
    }

    private mutating func writeField(_ name: String, of node: Node, _ fields: [Field]) throws(LimitExceeded) {
        if name == "__typename" { return writeText(node.typeName) }
        let deprecated = includeDeprecated(fields)
        func visible(_ reason: String?) -> Bool { deprecated || reason == nil }
        switch node {
        case .schema:
            switch name {
            case "types": try writeList(model.typeNames.map { .type(.named($0)) }, fields)
            case "queryType": try writeType(model.queryType, fields)
            case "mutationType": try writeType(model.mutationType, fields)
            case "subscriptionType": try writeType(model.subscriptionType, fields)
            case "directives": try writeList(model.directives.map { .directive($0) }, fields)
            case "description": writeText(model.description)
            default: output += "null"
            }
        case .type(let reference):
            try writeTypeField(name, reference, fields, includeDeprecated: deprecated)
        case .field(let field):
            switch name {
            case "name": writeText(field.name)
            case "description": writeText(field.description)
            case "args": try writeList(field.args.filter { visible($0.deprecationReason) }.map { .inputValue($0) }, fields)
            case "type": try write(.type(field.type), fields)
            case "isDeprecated": output += field.deprecationReason == nil ? "false" : "true"
            case "deprecationReason": writeText(field.deprecationReason)
            default: output += "null"
            }
        case .inputValue(let input):
            switch name {
            case "name": writeText(input.name)
            case "description": writeText(input.description)
            case "type": try write(.type(input.type), fields)
            case "defaultValue": writeText(input.defaultValue)
            case "isDeprecated": output += input.deprecationReason == nil ? "false" : "true"
            case "deprecationReason": writeText(input.deprecationReason)
            default: output += "null"
            }
        case .enumValue(let value):
            switch name {
            case "name": writeText(value.name)
            case "description": writeText(value.description)
            case "isDeprecated": output += value.deprecationReason == nil ? "false" : "true"
            case "deprecationReason": writeText(value.deprecationReason)
            default: output += "null"
            }
        case .directive(let directive):
            switch name {
            case "name": writeText(directive.name)
            case "description": writeText(directive.description)
            case "locations": try writeStrings(directive.locations)
            case "args": try writeList(directive.args.filter { visible($0.deprecationReason) }.map { .inputValue($0) }, fields)
            case "isRepeatable": output += directive.isRepeatable ? "true" : "false"
            default: output += "null"
            }
        }
    }

    private mutating func writeType(_ name: String?, _ fields: [Field]) throws(LimitExceeded) {
        guard let name else { return output += "null" }
        try write(.type(.named(name)), fields)
    }

    private mutating func writeTypeField(_ name: String, _ reference: IntrospectionModel.TypeRef, _ fields: [Field],
                                         includeDeprecated: Bool) throws(LimitExceeded) {
        func visible(_ reason: String?) -> Bool { includeDeprecated || reason == nil }
        switch reference {
        case .list(let inner), .nonNull(let inner):
            switch name {
            case "kind":
                if case .list = reference { output += "\"LIST\"" } else { output += "\"NON_NULL\"" }
            case "ofType": try write(.type(inner), fields)
            default: output += "null"
            }
        case .named(let typeName):
            guard let type = model.types[typeName] else { return output += "null" }
            switch name {
            case "kind": writeText(type.kind)
            case "name": writeText(type.name)
            case "description": writeText(type.description)
            case "specifiedByURL": writeText(type.specifiedByURL)
            case "fields":
                guard let list = type.fields else { return output += "null" }
                try writeList(list.filter { visible($0.deprecationReason) }.map { .field($0) }, fields)
            case "interfaces":
                guard let list = type.interfaces else { return output += "null" }
                try writeList(list.map { .type(.named($0)) }, fields)
            case "possibleTypes":
                guard let list = type.possibleTypes else { return output += "null" }
                try writeList(list.map { .type(.named($0)) }, fields)
            case "enumValues":
                guard let list = type.enumValues else { return output += "null" }
                try writeList(list.filter { visible($0.deprecationReason) }.map { .enumValue($0) }, fields)
            case "inputFields":
                guard let list = type.inputFields else { return output += "null" }
                try writeList(list.filter { visible($0.deprecationReason) }.map { .inputValue($0) }, fields)
            case "isOneOf":
                guard let flag = type.isOneOf else { return output += "null" }
                output += flag ? "true" : "false"
            default: output += "null"  // ofType of a named type
            }
        }
    }
}
