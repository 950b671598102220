import GraphQL

/// Counts the values in a request's variables and their nesting, stopping as soon as a limit is crossed,
/// so a huge or deeply nested variables object is refused after a bounded walk.
package enum VariablesMeasure {
    package enum Violation: Equatable {
        case tooManyValues(limit: Int)
        case tooDeep(limit: Int)
    }

    package static func check(_ variables: [String: Map], maximumValues: Int, maximumDepth: Int) -> Violation? {
        var count = 0
        // An explicit stack, not recursion: the JSON parser already bounds nesting, but this walk should
        // not depend on that.
        var stack: [(Map, Int)] = variables.values.map { ($0, 1) }
        while let (value, depth) = stack.popLast() {
            count += 1
            if count > maximumValues { return .tooManyValues(limit: maximumValues) }
            if depth > maximumDepth { return .tooDeep(limit: maximumDepth) }
            switch value {
            case .array(let items):
                for item in items { stack.append((item, depth + 1)) }
            case .dictionary(let entries):
                for (_, entry) in entries { stack.append((entry, depth + 1)) }
            default:
                break
            }
        }
        return nil
    }
}
