import GraphQL

/// The scalar literals of a document (strings, numbers, enum values and booleans written in it) and the document's shape without
/// them, so that documents differing only in literals share one compiled plan (as Hasura and PostGraphile do): each
/// literal becomes a parameter the plan re-reads from the request's own document.
///
/// Also counts how often each variable is used: a variable used once, where the plan only binds it, can take any
/// value under one plan; one used twice might also be used where it decides the plan's shape (`first: $n`), so its
/// value stays in the plan's key.
package struct DocumentLiterals: Sendable {
    /// The document's tokens with every scalar literal written `?`: equal for documents that differ only in
    /// literals (and in spacing and comments). The literals a plan does not re-read are in its key as they are.
    package let shape: String
    /// The literals in the order they are written.
    package let values: [InputValue]
    /// Literal index by the literal's offset in the text.
    private let indexByOffset: [Int: Int]
    /// Uses of each variable in the document, outside its definition.
    package let variableUses: [String: Int]

    package static let empty = DocumentLiterals(shape: "", values: [], indexByOffset: [:], variableUses: [:])

    private init(shape: String, values: [InputValue], indexByOffset: [Int: Int], variableUses: [String: Int]) {
        self.shape = shape
        self.values = values
        self.indexByOffset = indexByOffset
        self.variableUses = variableUses
    }

    package init(document: Document) {
        var walk = Walk()
        for definition in document.definitions {
            walk.definition(definition)
        }
        let literals = walk.literals.sorted { $0.offset < $1.offset }
        var indexByOffset: [Int: Int] = [:]
        for (index, literal) in literals.enumerated() { indexByOffset[literal.offset] = index }
        self.indexByOffset = indexByOffset
        values = literals.map(\.value)
        variableUses = walk.variableUses
        shape = Self.shape(of: document, literalOffsets: Set(indexByOffset.keys))
    }

    /// The index of `value` among the document's literals, when it is a scalar literal of it.
    func index(of value: Value) -> Int? {
        guard Self.isLiteral(value), let offset = value.loc?.start else { return nil }
        return indexByOffset[offset]
    }

    /// Whether `value` is a scalar literal a plan may re-read (null is not: it decides the statement).
    private static func isLiteral(_ value: Value) -> Bool {
        value is StringValue || value is IntValue || value is FloatValue || value is EnumValue || value is BooleanValue
    }

    /// The token stream, literals replaced by `?`.
    private static func shape(of document: Document, literalOffsets: Set<Int>) -> String {
        var shape = ""
        var token: Token? = document.loc?.startToken
        while let current = token {
            switch current.kind {
            case .sof, .eof, .comment:
                break
            default:
                if !shape.isEmpty { shape += " " }
                if literalOffsets.contains(current.start) {
                    shape += "?"
                } else if current.kind == .string || current.kind == .blockstring {
                    // A string that is not a value literal (none in an executable document): kept, quoted.
                    shape += "\"" + (current.value ?? "").replacingOccurrences(of: "\"", with: "\\\"") + "\""
                } else {
                    shape += current.value ?? current.kind.description
                }
            }
            token = current.next
        }
        return shape
    }

    private struct Walk {
        var literals: [(offset: Int, value: InputValue)] = []
        var variableUses: [String: Int] = [:]

        mutating func definition(_ definition: Definition) {
            if let operation = definition as? OperationDefinition {
                for variable in operation.variableDefinitions {
                    if let value = variable.defaultValue { self.value(value) }
                    directives(variable.directives)
                }
                directives(operation.directives)
                selections(operation.selectionSet)
            } else if let fragment = definition as? FragmentDefinition {
                directives(fragment.directives)
                selections(fragment.selectionSet)
            }
        }

        mutating func selections(_ set: SelectionSet?) {
            guard let set else { return }
            for selection in set.selections {
                if let field = selection as? Field {
                    for argument in field.arguments { value(argument.value) }
                    directives(field.directives)
                    selections(field.selectionSet)
                } else if let inline = selection as? InlineFragment {
                    directives(inline.directives)
                    selections(inline.selectionSet)
                } else if let spread = selection as? FragmentSpread {
                    directives(spread.directives)
                }
            }
        }

        mutating func directives(_ directives: [Directive]) {
            for directive in directives {
                for argument in directive.arguments { value(argument.value) }
            }
        }

        mutating func value(_ value: Value) {
            switch value {
            case let variable as Variable:
                variableUses[variable.name.value, default: 0] += 1
            case let list as ListValue:
                for item in list.values { self.value(item) }
            case let object as ObjectValue:
                for field in object.fields { self.value(field.value) }
            default:
                if DocumentLiterals.isLiteral(value), let offset = value.loc?.start,
                   let resolved = InputValue.resolve(value, variables: [:]) {
                    literals.append((offset, resolved))
                }
            }
        }
    }
}
