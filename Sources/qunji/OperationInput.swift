import ArgumentParser
import Foundation
import GraphQL

/// The operation a command runs: its text (an argument, a file, or standard input with `-f -`) and its variables.
struct OperationInput: ParsableArguments {
    @ArgumentParser.Argument(help: "The GraphQL operation (or use -f).")
    var query: String?

    @Option(name: [.customShort("f"), .customLong("file")], help: "Read the operation from this .graphql file (- for standard input).")
    var file: String?

    @Option(name: .customLong("var"), parsing: .singleValue,
            help: ArgumentHelp("A variable, as name=value (repeatable). For a String, ID or Date variable the value is taken as written; otherwise it is read as JSON when it is JSON (5, true, [\"a\"], {\"x\":1}), else as a string.",
                               valueName: "name=value"))
    var assignments: [String] = []

    @Option(name: .customLong("variables"), help: "All variables as one JSON object (--var entries are added to it).")
    var variablesJSON: String?

    @Option(name: .customLong("operation-name"), help: "Which operation of the document to run.")
    var operationName: String?

    /// The document text.
    func text() throws -> String {
        if let file {
            if file == "-" {
                return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            }
            do {
                return try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw ValidationError("cannot read \(file): \(error.localizedDescription)")
            }
        }
        guard let query else { throw ValidationError("give the operation as an argument or with -f FILE") }
        return query
    }

    /// The variables, or nil when none were given. `text` is the document, whose variable types decide how a
    /// `--var` value is read: `code=520300` is the string "520300" for an `ID!` variable, the number for an `Int`.
    func variables(for text: String) throws -> [String: Map]? {
        var textual: Set<String> = []
        if let document = try? GraphQL.parse(source: Source(body: text)) {
            for case let operation as OperationDefinition in document.definitions {
                for definition in operation.variableDefinitions {
                    var type: GraphQL.`Type` = definition.type
                    if let nonNull = type as? NonNullType { type = nonNull.type }
                    if let named = type as? NamedType, !["Int", "Float", "Boolean"].contains(named.name.value) {
                        textual.insert(definition.variable.name.value)
                    }
                }
            }
        }
        var result: [String: Map] = [:]
        if let variablesJSON {
            guard case .dictionary(let entries)? = try? JSONDecoder().decode(Map.self, from: Data(variablesJSON.utf8)) else {
                throw ValidationError("--variables must be a JSON object, e.g. '{\"first\": 5}'")
            }
            for (key, value) in entries { result[key] = value }
        }
        for assignment in assignments {
            guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
                throw ValidationError("--var takes name=value, got \"\(assignment)\"")
            }
            let name = String(assignment[..<equals])
            let raw = String(assignment[assignment.index(after: equals)...])
            let isInputObject = raw.hasPrefix("{") || raw.hasPrefix("[")
            if textual.contains(name), !isInputObject {
                result[name] = .string(raw)
            } else {
                result[name] = (try? JSONDecoder().decode(Map.self, from: Data(raw.utf8))) ?? .string(raw)
            }
        }
        return result.isEmpty && variablesJSON == nil ? nil : result
    }

    /// The variables as a JSON object text (for sending over HTTP), keys sorted.
    func variablesText(for text: String) throws -> String? {
        guard let variables = try variables(for: text) else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(variables), as: UTF8.self)
    }
}
