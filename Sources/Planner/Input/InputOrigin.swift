import GraphQL

/// Where a value of the request came from, so a plan compiled once can take it from every later request of the
/// same shape: a path inside a variable, or a literal written in the document (counted in ``DocumentLiterals``).
package enum InputOrigin: Sendable, Hashable {
    case variable(String, path: [InputPathStep])
    case literal(Int)
}

/// One step into an input value: an object field or a list element.
package enum InputPathStep: Sendable, Hashable {
    case key(String)
    case index(Int)
}

/// The AST a resolved input value came from, walked in step with the value, so that a bind site deep inside an
/// input object (a filter's operand) can name its origin. `.none` when it cannot (a list literal, a default).
enum InputSource {
    case none
    /// A literal AST value (an object or list literal, or a scalar literal).
    case ast(Value)
    /// A path inside a variable's coerced value.
    case variable(String, [InputPathStep])

    init(_ value: Value) {
        if let variable = value as? Variable {
            self = .variable(variable.name.value, [])
        } else {
            self = .ast(value)
        }
    }

    /// The source of field `key` of this object value.
    func child(_ key: String) -> InputSource {
        switch self {
        case .none:
            return .none
        case .ast(let value):
            guard let object = value as? ObjectValue, let field = object.fields.first(where: { $0.name.value == key }) else {
                return .none
            }
            return InputSource(field.value)
        case .variable(let name, let path):
            return .variable(name, path + [.key(key)])
        }
    }

    /// The source of element `index` of this list value.
    func element(_ index: Int) -> InputSource {
        switch self {
        case .none:
            return .none
        case .ast(let value):
            guard let list = value as? ListValue, list.values.indices.contains(index) else { return .none }
            return InputSource(list.values[index])
        case .variable(let name, let path):
            return .variable(name, path + [.index(index)])
        }
    }

    /// The origin a plan can re-read this value from: a variable path, or a scalar literal of the document.
    func origin(_ literals: DocumentLiterals) -> InputOrigin? {
        switch self {
        case .none:
            return nil
        case .variable(let name, let path):
            return .variable(name, path: path)
        case .ast(let value):
            return literals.index(of: value).map(InputOrigin.literal)
        }
    }
}
