import GraphQL

/// The fields of a selection set that apply to one concrete type, grouped by response key in first-seen
/// order (the spec's CollectFields): fragments are expanded when their type condition matches, and
/// `@skip`/`@include` are evaluated with the request's variables.
struct FieldCollector {
    let schema: GraphQLSchema
    let state: CompilationState

    /// One response key and every field node that answers it (their sub-selections are merged).
    struct Group {
        let responseKey: String
        var fields: [GraphQL.Field]
        var name: String { fields[0].name.value }
        var first: GraphQL.Field { fields[0] }

        /// All sub-selection sets of the group, in order.
        var subselections: [SelectionSet] { fields.compactMap(\.selectionSet) }
    }

    func collect(_ selectionSets: [SelectionSet], typeName: String) throws(QueryError) -> [Group] {
        var groups: [Group] = []
        var index: [String: Int] = [:]
        var visitedFragments: Set<String> = []
        for selectionSet in selectionSets {
            try collect(selectionSet, typeName: typeName, groups: &groups, index: &index, visited: &visitedFragments)
        }
        return groups
    }

    private func collect(_ selectionSet: SelectionSet, typeName: String, groups: inout [Group],
                         index: inout [String: Int], visited: inout Set<String>) throws(QueryError) {
        for selection in selectionSet.selections {
            switch selection {
            case let field as GraphQL.Field:
                guard try included(field.directives) else { continue }
                let key = field.alias?.value ?? field.name.value
                if let position = index[key] {
                    groups[position].fields.append(field)
                } else {
                    index[key] = groups.count
                    groups.append(Group(responseKey: key, fields: [field]))
                }
            case let inline as InlineFragment:
                guard try included(inline.directives),
                      applies(inline.typeCondition?.name.value, to: typeName) else { continue }
                try collect(inline.selectionSet, typeName: typeName, groups: &groups, index: &index, visited: &visited)
            case let spread as FragmentSpread:
                let name = spread.name.value
                guard try included(spread.directives), !visited.contains(name),
                      let fragment = state.fragments[name],
                      applies(fragment.typeCondition.name.value, to: typeName) else { continue }
                visited.insert(name)
                try collect(fragment.selectionSet, typeName: typeName, groups: &groups, index: &index, visited: &visited)
            default:
                continue
            }
        }
    }

    /// Whether a fragment with type condition `condition` applies to objects of `typeName`.
    private func applies(_ condition: String?, to typeName: String) -> Bool {
        guard let condition, condition != typeName else { return true }
        switch schema.getType(name: condition) {
        case let interface as GraphQLInterfaceType:
            guard let object = schema.getType(name: typeName) as? GraphQLObjectType else { return false }
            return ((try? object.interfaces()) ?? []).contains { $0.name == interface.name }
        case let union as GraphQLUnionType:
            return ((try? union.types()) ?? []).contains { $0.name == typeName }
        default:
            return false
        }
    }

    /// `@skip(if:)` and `@include(if:)`.
    private func included(_ directives: [Directive]) throws(QueryError) -> Bool {
        for directive in directives {
            let name = directive.name.value
            guard name == "skip" || name == "include" else { continue }
            guard let argument = directive.arguments.first(where: { $0.name.value == "if" }),
                  case .boolean(let condition)? = InputValue.resolve(argument.value, variables: state.variables)
            else {
                throw .badInput("Argument \"if\" of @\(name) must be a Boolean.",
                                location: directive.loc.map { QueryError.location(of: $0) })
            }
            if name == "skip" && condition { return false }
            if name == "include" && !condition { return false }
        }
        return true
    }
}
