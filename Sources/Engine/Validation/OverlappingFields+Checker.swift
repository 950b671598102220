import GraphQL
import Planner

extension OverlappingFields {
    /// The comparisons of graphql-js's `OverlappingFieldsCanBeMergedRule` for one document.
    ///
    /// Algorithm (graphql-js's notes A–J): each selection set compares the fields *within* it
    /// (A), its fields with each fragment it spreads (B, D, E) and those fragments with each other
    /// (C, F, G). Two fields with one response name must name the same field with the same
    /// arguments unless their parents are different object types (then they can never both
    /// apply), must have compatible return types, and their sub-selections are compared *between*
    /// each other the same way (H, I, J).
    ///
    /// Not thread-safe: one checker per validation. It memoizes collected fields per selection set,
    /// the fragment pairs and the (fields, fragment) pairs already compared, for the document.
    final class Checker {
        let typeIndex: SchemaTypeIndex
        /// Held so the selection sets keyed by identity below outlive the checker.
        private let document: Document
        /// Fragment definitions by name; with duplicates the last one wins, as in graphql-js's
        /// `getFragment` (duplicates are reported by `UniqueFragmentNamesRule`).
        private let fragments: [String: FragmentDefinition]
        /// Keyed by the selection set's identity (`SelectionSet` is a class whose `==` compares
        /// contents, which is both slower and wrong here).
        private var collectedFields: [ObjectIdentifier: CollectedFields] = [:]
        private var comparedFragmentPairs = FragmentPairs()
        private var comparedFieldsAndFragments = FieldsAndFragmentPairs()

        init(typeIndex: SchemaTypeIndex, document: Document) {
            self.typeIndex = typeIndex
            self.document = document
            var fragments: [String: FragmentDefinition] = [:]
            for case let fragment as FragmentDefinition in document.definitions {
                fragments[fragment.name.value] = fragment
            }
            self.fragments = fragments
        }

        /// All conflicts within one selection set of the document, including those brought in by
        /// fragment spreads (graphql-js's `findConflictsWithinSelectionSet`).
        func conflictsWithin(_ selectionSet: SelectionSet, parentType: IndexedType?) -> [Conflict] {
            var conflicts: [Conflict] = []
            let collected = fieldsAndFragmentNames(parentType: parentType, selectionSet: selectionSet)
            // (A) The only place fields *within* one collection are compared with each other.
            collectConflictsWithin(&conflicts, collected.fieldMap)
            let fragmentNames = collected.fragmentNames
            for (i, fragmentName) in fragmentNames.enumerated() {
                // (B) These fields against each spread fragment.
                collectConflictsBetweenFieldsAndFragment(
                    &conflicts, areMutuallyExclusive: false, fieldMap: collected.fieldMap, fragmentName: fragmentName
                )
                // (C) Each spread fragment against the ones spread after it.
                for otherName in fragmentNames[(i + 1)...] {
                    collectConflictsBetweenFragments(
                        &conflicts, areMutuallyExclusive: false, fragmentName, otherName
                    )
                }
            }
            return conflicts
        }

        // MARK: - Fragments

        /// A collection of fields against one fragment, then against the fragments it spreads (D, E).
        ///
        /// Memoized per (collection, fragment), as graphql-js#4168 fixed it: graphql-js 15.9/16.3
        /// memoized these comparisons in the fragment-pair set and so skipped comparisons it had
        /// never made (test "reports deep conflict after nested fragments"). The memo also ends
        /// recursion through fragments that spread each other.
        private func collectConflictsBetweenFieldsAndFragment(
            _ conflicts: inout [Conflict], areMutuallyExclusive: Bool, fieldMap: FieldMap, fragmentName: String
        ) {
            if comparedFieldsAndFragments.contains(fieldMap, fragmentName, areMutuallyExclusive: areMutuallyExclusive) {
                return
            }
            comparedFieldsAndFragments.insert(fieldMap, fragmentName, areMutuallyExclusive: areMutuallyExclusive)
            guard let fragment = fragments[fragmentName] else { return }
            let referenced = referencedFieldsAndFragmentNames(fragment)
            // Do not compare a fragment's fields to themselves.
            if fieldMap === referenced.fieldMap { return }
            // (D) The fields against the fragment's own fields.
            collectConflictsBetween(
                &conflicts, parentFieldsAreMutuallyExclusive: areMutuallyExclusive, fieldMap, referenced.fieldMap
            )
            // (E) The fields against the fragments this fragment spreads.
            for referencedName in referenced.fragmentNames {
                collectConflictsBetweenFieldsAndFragment(
                    &conflicts, areMutuallyExclusive: areMutuallyExclusive, fieldMap: fieldMap,
                    fragmentName: referencedName
                )
            }
        }

        /// Two fragments against each other, including the fragments each spreads (F, G).
        private func collectConflictsBetweenFragments(
            _ conflicts: inout [Conflict], areMutuallyExclusive: Bool, _ fragmentName1: String, _ fragmentName2: String
        ) {
            if fragmentName1 == fragmentName2 { return }
            if comparedFragmentPairs.contains(fragmentName1, fragmentName2, areMutuallyExclusive: areMutuallyExclusive) {
                return
            }
            comparedFragmentPairs.insert(fragmentName1, fragmentName2, areMutuallyExclusive: areMutuallyExclusive)
            guard let fragment1 = fragments[fragmentName1], let fragment2 = fragments[fragmentName2] else { return }
            let referenced1 = referencedFieldsAndFragmentNames(fragment1)
            let referenced2 = referencedFieldsAndFragmentNames(fragment2)
            // (F) Their own fields.
            collectConflictsBetween(
                &conflicts, parentFieldsAreMutuallyExclusive: areMutuallyExclusive,
                referenced1.fieldMap, referenced2.fieldMap
            )
            // (G) Each against the fragments the other spreads.
            for referencedName2 in referenced2.fragmentNames {
                collectConflictsBetweenFragments(
                    &conflicts, areMutuallyExclusive: areMutuallyExclusive, fragmentName1, referencedName2
                )
            }
            for referencedName1 in referenced1.fragmentNames {
                collectConflictsBetweenFragments(
                    &conflicts, areMutuallyExclusive: areMutuallyExclusive, referencedName1, fragmentName2
                )
            }
        }

        // MARK: - Sub-selections

        /// Conflicts between the sub-selections of two fields with one response name (H, I, J).
        private func conflictsBetweenSubSelectionSets(
            areMutuallyExclusive: Bool,
            parentType1: IndexedType?, _ selectionSet1: SelectionSet,
            parentType2: IndexedType?, _ selectionSet2: SelectionSet
        ) -> [Conflict] {
            var conflicts: [Conflict] = []
            let collected1 = fieldsAndFragmentNames(parentType: parentType1, selectionSet: selectionSet1)
            let collected2 = fieldsAndFragmentNames(parentType: parentType2, selectionSet: selectionSet2)
            // (H) The two collections of fields.
            collectConflictsBetween(
                &conflicts, parentFieldsAreMutuallyExclusive: areMutuallyExclusive,
                collected1.fieldMap, collected2.fieldMap
            )
            // (I) Each collection against the fragments spread by the other.
            for fragmentName2 in collected2.fragmentNames {
                collectConflictsBetweenFieldsAndFragment(
                    &conflicts, areMutuallyExclusive: areMutuallyExclusive, fieldMap: collected1.fieldMap,
                    fragmentName: fragmentName2
                )
            }
            for fragmentName1 in collected1.fragmentNames {
                collectConflictsBetweenFieldsAndFragment(
                    &conflicts, areMutuallyExclusive: areMutuallyExclusive, fieldMap: collected2.fieldMap,
                    fragmentName: fragmentName1
                )
            }
            // (J) Fragments spread by one against fragments spread by the other.
            for fragmentName1 in collected1.fragmentNames {
                for fragmentName2 in collected2.fragmentNames {
                    collectConflictsBetweenFragments(
                        &conflicts, areMutuallyExclusive: areMutuallyExclusive, fragmentName1, fragmentName2
                    )
                }
            }
            return conflicts
        }

        // MARK: - Fields

        /// Every pair of fields sharing a response name within one collection.
        private func collectConflictsWithin(_ conflicts: inout [Conflict], _ fieldMap: FieldMap) {
            for responseName in fieldMap.responseNames {
                guard let fields = fieldMap[responseName], fields.count > 1 else { continue }
                for i in fields.indices {
                    for j in fields.indices where j > i {
                        // Within one collection fields are never mutually exclusive.
                        if let conflict = findConflict(
                            parentFieldsAreMutuallyExclusive: false, responseName: responseName, fields[i], fields[j]
                        ) {
                            conflicts.append(conflict)
                        }
                    }
                }
            }
        }

        /// Every pair of fields sharing a response name, one from each collection. Assumes each
        /// collection was already compared within itself: the walk visits every selection set.
        private func collectConflictsBetween(
            _ conflicts: inout [Conflict], parentFieldsAreMutuallyExclusive: Bool,
            _ fieldMap1: FieldMap, _ fieldMap2: FieldMap
        ) {
            for responseName in fieldMap1.responseNames {
                guard let fields1 = fieldMap1[responseName], let fields2 = fieldMap2[responseName] else { continue }
                for field1 in fields1 {
                    for field2 in fields2 {
                        if let conflict = findConflict(
                            parentFieldsAreMutuallyExclusive: parentFieldsAreMutuallyExclusive,
                            responseName: responseName, field1, field2
                        ) {
                            conflicts.append(conflict)
                        }
                    }
                }
            }
        }

        /// Whether two fields with one response name conflict, sub-fields included.
        private func findConflict(
            parentFieldsAreMutuallyExclusive: Bool, responseName: String,
            _ field1: FieldOccurrence, _ field2: FieldOccurrence
        ) -> Conflict? {
            // Fields on two different object types can never apply to the same value, so they may
            // differ in name and arguments. Interfaces and unions may overlap, now or in a later
            // version of the schema, so they may not.
            let areMutuallyExclusive = parentFieldsAreMutuallyExclusive
                || areDifferentObjectTypes(field1.parentType, field2.parentType)
            let node1 = field1.node
            let node2 = field2.node
            if !areMutuallyExclusive {
                let name1 = node1.name.value
                let name2 = node2.name.value
                if name1 != name2 {
                    return Conflict(
                        responseName: responseName, reason: .message("\"\(name1)\" and \"\(name2)\" are different fields"),
                        fields1: [node1], fields2: [node2]
                    )
                }
                if !OverlappingFields.sameArguments(node1.arguments, node2.arguments) {
                    return Conflict(
                        responseName: responseName, reason: .message("they have differing arguments"),
                        fields1: [node1], fields2: [node2]
                    )
                }
            }
            if let type1 = field1.type, let type2 = field2.type, OverlappingFields.doTypesConflict(type1, type2) {
                return Conflict(
                    responseName: responseName,
                    reason: .message(
                        "they return conflicting types \"\(type1.debugDescription)\" and \"\(type2.debugDescription)\""
                    ),
                    fields1: [node1], fields2: [node2]
                )
            }
            guard let selectionSet1 = node1.selectionSet, let selectionSet2 = node2.selectionSet else { return nil }
            let conflicts = conflictsBetweenSubSelectionSets(
                areMutuallyExclusive: areMutuallyExclusive,
                parentType1: namedType(of: field1.type), selectionSet1,
                parentType2: namedType(of: field2.type), selectionSet2
            )
            return Conflict.subfields(conflicts, responseName: responseName, field1: node1, field2: node2)
        }

        private func areDifferentObjectTypes(_ type1: IndexedType?, _ type2: IndexedType?) -> Bool {
            guard let type1, let type2, type1.isObject, type2.isObject else { return false }
            return type1.name != type2.name
        }

        // MARK: - Collecting

        private func namedType(of type: (any GraphQLOutputType)?) -> IndexedType? {
            getNamedType(type: type).flatMap { typeIndex.type(named: $0.name) }
        }

        private func fieldsAndFragmentNames(parentType: IndexedType?, selectionSet: SelectionSet) -> CollectedFields {
            let key = ObjectIdentifier(selectionSet)
            if let cached = collectedFields[key] { return cached }
            let collected = CollectedFields(parentType: parentType, selectionSet: selectionSet, typeIndex: typeIndex)
            collectedFields[key] = collected
            return collected
        }

        /// A fragment's fields, typed by its type condition unless already collected.
        private func referencedFieldsAndFragmentNames(_ fragment: FragmentDefinition) -> CollectedFields {
            if let cached = collectedFields[ObjectIdentifier(fragment.selectionSet)] { return cached }
            let fragmentType = typeIndex.type(named: fragment.typeCondition.name.value)
            return fieldsAndFragmentNames(parentType: fragmentType, selectionSet: fragment.selectionSet)
        }
    }
}
