import GraphQL

/// How deep a validated document's selections go and how many aliases one selection set holds, with
/// fragments expanded where they are spread. Computed once per query text (the document cache keeps it).
///
/// Depth counts fields: `{ clusters { nodes { name } } }` is 3. Validation has already rejected fragment
/// cycles, and results per fragment are memoised, so the walk is linear in the document.
package struct DocumentShape: Equatable {
    package var selectionDepth = 0
    package var aliasesPerSelectionSet = 0

    package init(document: Document) {
        var fragments: [String: FragmentDefinition] = [:]
        for case let fragment as FragmentDefinition in document.definitions {
            fragments[fragment.name.value] = fragment
        }
        var walker = Walker(fragments: fragments)
        for case let operation as OperationDefinition in document.definitions {
            let shape = walker.measure(operation.selectionSet)
            selectionDepth = max(selectionDepth, shape.depth)
            aliasesPerSelectionSet = max(aliasesPerSelectionSet, shape.maxAliases)
        }
    }

    private struct Measure {
        /// Fields deep below (and including) this selection set.
        package var depth = 0
        /// Aliased fields directly in this set (fragments at this level included).
        package var aliasesHere = 0
        /// The most aliases of any one set at or below this one.
        package var maxAliases = 0
    }

    private struct Walker {
        package let fragments: [String: FragmentDefinition]
        package var memo: [String: Measure] = [:]
        package var visiting: Set<String> = []

        package mutating func measure(_ set: SelectionSet) -> Measure {
            var result = Measure()
            for selection in set.selections {
                let part: Measure
                switch selection {
                case let field as Field:
                    var inner = field.selectionSet.map { measure($0) } ?? Measure()
                    inner.depth += 1
                    inner.maxAliases = max(inner.maxAliases, inner.aliasesHere)
                    inner.aliasesHere = field.alias == nil ? 0 : 1
                    part = inner
                case let inline as InlineFragment:
                    part = measure(inline.selectionSet)
                case let spread as FragmentSpread:
                    part = fragment(spread.name.value)
                default:
                    continue
                }
                result.depth = max(result.depth, part.depth)
                result.aliasesHere += part.aliasesHere
                result.maxAliases = max(result.maxAliases, part.maxAliases)
            }
            result.maxAliases = max(result.maxAliases, result.aliasesHere)
            return result
        }

        private mutating func fragment(_ name: String) -> Measure {
            if let known = memo[name] { return known }
            // A cycle cannot pass validation; guard anyway so a bug there cannot recurse forever.
            guard let definition = fragments[name], visiting.insert(name).inserted else { return Measure() }
            let result = measure(definition.selectionSet)
            visiting.remove(name)
            memo[name] = result
            return result
        }
    }
}
