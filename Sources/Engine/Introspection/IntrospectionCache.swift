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

    func answer(query: String, variables: [String: Map]) -> Answer {
        let variableKey = (try? String(decoding: GraphQLJSONEncoder().encode(Map.dictionary(.init(uniqueKeysWithValues: variables.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))), as: UTF8.self)) ?? ""
        let key = query + "\u{0}" + variableKey
        if let cached = answers.value(for: key) { return cached }
        let answer = compute(query: query, variables: variables)
        let cost = CacheCost.text(key) + answer.fields.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count + 64 }
            + answer.errors.reduce(0) { $0 + $1.message.utf8.count + 64 }
        answers.insert(answer, for: key, cost: cost)
        return answer
    }

    private func compute(query: String, variables: [String: Map]) -> Answer {
        do {
            let document = try parse(source: Source(body: query, name: "introspection"))
            var fragments: [String: FragmentDefinition] = [:]
            var operation: OperationDefinition?
            for definition in document.definitions {
                if let fragment = definition as? FragmentDefinition { fragments[fragment.name.value] = fragment }
                if let found = definition as? OperationDefinition, operation == nil { operation = found }
            }
            guard let operation else { return Answer(fields: [:], errors: []) }
            var resolver = IntrospectionResolver(model: model, operation: operation, fragments: fragments, variables: variables,
                                                 maximumItems: maximumItems, maximumBytes: maximumBytes)
            do {
                let answered = try resolver.answer(operation.selectionSet)
                return Answer(fields: Dictionary(answered.map { ($0.key, $0.json) }, uniquingKeysWith: { first, _ in first }), errors: [])
            } catch {
                return Answer(fields: [:], errors: [GraphQLResponseError(message: error.message, code: LimitCode.cost)], refused: true)
            }
        } catch {
            return Answer(fields: [:], errors: [GraphQLResponseError(message: "Introspection failed: \(error)",
                                                                     code: "INTERNAL_SERVER_ERROR")])
        }
    }
}
