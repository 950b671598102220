import Foundation
import GraphQL
import Planner

/// Introspection answers for one role: computed from the role's `IntrospectionModel` (built once, at
/// start-up) by `IntrospectionResolver`, and cached by query text and variables within a byte budget.
actor IntrospectionCache {
    struct Answer: Sendable {
        /// Response key → JSON text of its value.
        let fields: [String: String]
        let errors: [GraphQLResponseError]
        /// true when the answer went over a limit: the request is refused as a whole.
        var refused = false
    }

    private let model: IntrospectionModel
    private var answers: ByteBoundedLRU<String, Answer>
    private let maximumItems: Int
    private let maximumBytes: Int

    /// - Parameters:
    ///   - maximumItems: the most list items an answer may hold (the request cost limit).
    ///   - maximumBytes: the most bytes an answer may take.
    init(model: IntrospectionModel, budget: Int, maximumItems: Int, maximumBytes: Int) {
        self.model = model
        self.answers = ByteBoundedLRU(budget: budget)
        self.maximumItems = maximumItems
        self.maximumBytes = maximumBytes
    }

    var usage: CacheUsage { CacheUsage(entries: answers.count, bytes: answers.bytes, budget: answers.budget) }

    /// The introspection fields of `operation` (a validated operation of `document`, whose text is `query`),
    /// answered from the model; cached by the text, the operation's name and the variables.
    func answer(document: Document, operation: OperationDefinition, query: String, variables: [String: Map]) -> Answer {
        let variableKey = (try? String(decoding: GraphQLJSONEncoder().encode(Map.dictionary(.init(uniqueKeysWithValues: variables.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))), as: UTF8.self)) ?? ""
        let key = query + "\u{0}" + (operation.name?.value ?? "") + "\u{0}" + variableKey
        if let cached = answers.value(for: key) { return cached }
        let answer = compute(document: document, operation: operation, variables: variables)
        let cost = CacheCost.text(key) + answer.fields.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count + 64 }
            + answer.errors.reduce(0) { $0 + $1.message.utf8.count + 64 }
        answers.insert(answer, for: key, cost: cost)
        return answer
    }

    private func compute(document: Document, operation: OperationDefinition, variables: [String: Map]) -> Answer {
        var fragments: [String: FragmentDefinition] = [:]
        for case let fragment as FragmentDefinition in document.definitions {
            fragments[fragment.name.value] = fragment
        }
        var resolver = IntrospectionResolver(model: model, operation: operation, fragments: fragments, variables: variables,
                                             maximumItems: maximumItems, maximumBytes: maximumBytes)
        do {
            let answered = try resolver.answer(operation.selectionSet)
            return Answer(fields: Dictionary(answered.map { ($0.key, $0.json) }, uniquingKeysWith: { first, _ in first }), errors: [])
        } catch {
            return Answer(fields: [:], errors: [GraphQLResponseError(message: error.message, code: LimitCode.cost)], refused: true)
        }
    }
}
