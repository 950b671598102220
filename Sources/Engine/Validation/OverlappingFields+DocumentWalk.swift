import GraphQL
import Planner

extension OverlappingFields {
    /// Visits every selection set of the document's operations and fragments with the type it
    /// selects on, in document order and outer sets before inner ones: the order in which
    /// graphql-js's visitor reports conflicts. Replaces GraphQL 4.3.0's internal `TypeInfo`.
    struct DocumentWalk {
        let checker: Checker
        private(set) var conflicts: [Conflict] = []

        init(checker: Checker) {
            self.checker = checker
        }

        mutating func visit(_ document: Document) {
            for definition in document.definitions {
                switch definition {
                case let operation as OperationDefinition:
                    visit(operation.selectionSet, parentType: checker.typeIndex.rootType(for: operation.operation))
                case let fragment as FragmentDefinition:
                    visit(fragment.selectionSet, parentType: compositeType(named: fragment.typeCondition.name.value))
                default:
                    // Type system definitions have no selections (`ExecutableDefinitionsRule`
                    // rejects them).
                    break
                }
            }
        }

        private mutating func visit(_ selectionSet: SelectionSet, parentType: IndexedType?) {
            conflicts += checker.conflictsWithin(selectionSet, parentType: parentType)
            for selection in selectionSet.selections {
                switch selection {
                case let field as Field:
                    if let subSelection = field.selectionSet {
                        let fieldType = checker.typeIndex.compositeTypeOfSelection(on: parentType, fieldName: field.name.value)
                        visit(subSelection, parentType: fieldType)
                    }
                case let inline as InlineFragment:
                    if let condition = inline.typeCondition {
                        visit(inline.selectionSet, parentType: compositeType(named: condition.name.value))
                    } else {
                        visit(inline.selectionSet, parentType: parentType)
                    }
                default:
                    break
                }
            }
        }

        /// A type condition's type when it is composite; nil when unknown or a leaf.
        private func compositeType(named name: String) -> IndexedType? {
            guard let type = checker.typeIndex.type(named: name), type.isComposite else { return nil }
            return type
        }
    }
}
