import GraphQL
import Planner

extension OverlappingFields {
    /// One field occurrence as graphql-js's `NodeAndDef`: the type it was selected on (nil when
    /// unknown), its AST node and its declared type (nil when the field is unknown or a meta field).
    struct FieldOccurrence {
        let parentType: IndexedType?
        let node: Field
        let type: (any GraphQLOutputType)?
    }

    /// Fields of a selection set grouped by response name, in first-appearance order (the order
    /// graphql-js iterates its object map in, which fixes the order of reported conflicts).
    ///
    /// A class on purpose: collections are cached per selection set and graphql-js compares them by
    /// identity ("do not compare a fragment's fields to themselves").
    final class FieldMap {
        private(set) var responseNames: [String] = []
        private(set) var fieldsByResponseName: [String: [FieldOccurrence]] = [:]

        func append(_ occurrence: FieldOccurrence, responseName: String) {
            if fieldsByResponseName[responseName, default: []].isEmpty {
                responseNames.append(responseName)
            }
            fieldsByResponseName[responseName, default: []].append(occurrence)
        }

        subscript(responseName: String) -> [FieldOccurrence]? {
            fieldsByResponseName[responseName]
        }
    }

    /// A selection set's fields (inline fragments flattened in) and the names of the fragments it
    /// spreads, in order and without repeats (graphql-js's `FieldsAndFragmentNames`).
    struct CollectedFields {
        let fieldMap: FieldMap
        let fragmentNames: [String]

        init(parentType: IndexedType?, selectionSet: SelectionSet, typeIndex: SchemaTypeIndex) {
            let fieldMap = FieldMap()
            var fragmentNames: [String] = []
            var seenFragmentNames: Set<String> = []
            Self.collect(
                parentType: parentType, selectionSet: selectionSet, typeIndex: typeIndex,
                into: fieldMap, fragmentNames: &fragmentNames, seen: &seenFragmentNames
            )
            self.fieldMap = fieldMap
            self.fragmentNames = fragmentNames
        }

        private static func collect(
            parentType: IndexedType?, selectionSet: SelectionSet, typeIndex: SchemaTypeIndex,
            into fieldMap: FieldMap, fragmentNames: inout [String], seen: inout Set<String>
        ) {
            for selection in selectionSet.selections {
                switch selection {
                case let field as Field:
                    let fieldName = field.name.value
                    // Like graphql-js, only fields declared on object and interface types have a
                    // definition here; meta fields such as `__typename` do not.
                    let type = parentType.flatMap { $0.hasFields ? $0.fieldTypes[fieldName] : nil }
                    let occurrence = FieldOccurrence(parentType: parentType, node: field, type: type)
                    fieldMap.append(occurrence, responseName: field.alias?.value ?? fieldName)
                case let spread as FragmentSpread:
                    if seen.insert(spread.name.value).inserted {
                        fragmentNames.append(spread.name.value)
                    }
                case let inline as InlineFragment:
                    // An unknown type condition leaves the fields without a parent type.
                    let fragmentType: IndexedType?
                    if let condition = inline.typeCondition {
                        fragmentType = typeIndex.type(named: condition.name.value)
                    } else {
                        fragmentType = parentType
                    }
                    collect(
                        parentType: fragmentType, selectionSet: inline.selectionSet, typeIndex: typeIndex,
                        into: fieldMap, fragmentNames: &fragmentNames, seen: &seen
                    )
                default:
                    break
                }
            }
        }
    }
}
