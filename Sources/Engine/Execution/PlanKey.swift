import Planner

/// The key of a compiled plan: what decides the statement's text and the values it does not re-read.
///
/// The prefix is the document's token shape with its literals left out (``DocumentLiterals/shape``), the
/// operation's name, whether the principal is limited to a region (not which: the plan binds the region per request)
/// and the row-count generation (estimates depend on the counts). The
/// rest is every variable value and literal, written out, except those at the origins the plan re-reads from each
/// request, which are written `?` — only whether they are null shows, since a null operand compiles differently.
/// `@skip`/`@include` conditions, page sizes, cursors and orderings are values the plan does not re-read, so they
/// are in the key as they are.
enum PlanKey {
    static func prefix(shape: String, operationName: String?, limitedToRegion: Bool, tableRowsGeneration: Int) -> String {
        shape + "\u{0}" + (operationName ?? "") + "\u{0}" + (limitedToRegion ? "R" : "") + "\u{0}" + String(tableRowsGeneration) + "\u{0}"
    }

    static func key(prefix: String, inputs: PlanInputs, reused: Set<InputOrigin>) -> String {
        var key = prefix
        var maskedPaths: [String: Set<[InputPathStep]>] = [:]
        var maskedLiterals: Set<Int> = []
        for origin in reused {
            switch origin {
            case .variable(let name, let path): maskedPaths[name, default: []].insert(path)
            case .literal(let index): maskedLiterals.insert(index)
            }
        }
        for name in inputs.variables.keys.sorted() {
            guard let value = inputs.variables[name] else { continue }
            key += "$" + String(name.utf8.count) + ":" + name + "="
            var path: [InputPathStep] = []
            write(value, masked: maskedPaths[name] ?? [], path: &path, into: &key)
        }
        key += "\u{0}"
        for (index, literal) in inputs.literals.values.enumerated() {
            if maskedLiterals.contains(index) {
                key += "?"  // a literal is never null: `null` is not one of them (DocumentLiterals)
            } else {
                var path: [InputPathStep] = []
                write(literal, masked: [], path: &path, into: &key)
            }
            key += ","
        }
        return key
    }

    /// `value` written unambiguously (every text with its length), `?` at the masked paths.
    private static func write(_ value: InputValue, masked: Set<[InputPathStep]>, path: inout [InputPathStep], into key: inout String) {
        if value != .null, !masked.isEmpty, masked.contains(path) {
            key += "?"
            return
        }
        switch value {
        case .null: key += "n"
        case .int(let int): key += "i" + String(int) + ";"
        case .number(let text): key += "f" + text + ";"
        case .string(let text): key += "s" + String(text.utf8.count) + ":" + text
        case .boolean(let flag): key += flag ? "T" : "F"
        case .enumValue(let text): key += "e" + String(text.utf8.count) + ":" + text
        case .list(let items):
            key += "["
            for (index, item) in items.enumerated() {
                path.append(.index(index))
                write(item, masked: masked, path: &path, into: &key)
                path.removeLast()
            }
            key += "]"
        case .object(let fields):
            key += "{"
            for name in fields.keys.sorted() {
                guard let field = fields[name] else { continue }
                key += String(name.utf8.count) + ":" + name + "="
                path.append(.key(name))
                write(field, masked: masked, path: &path, into: &key)
                path.removeLast()
            }
            key += "}"
        }
    }
}
