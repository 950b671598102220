import Foundation
import GraphQL

/// Introspection answers from GraphQL 4.3.0's executor (about 9 ms each), cached by query text and
/// variables: the schema never changes while the server runs.
actor IntrospectionCache {
    struct Answer: Sendable {
        /// Response key → JSON text of its value.
        let fields: [String: String]
        let errors: [GraphQLResponseError]
    }

    private let schema: GraphQLSchema
    private var answers: ByteBoundedLRU<String, Answer>

    init(schema: GraphQLSchema, budget: Int) {
        self.schema = schema
        self.answers = ByteBoundedLRU(budget: budget)
    }

    var usage: CacheUsage { CacheUsage(entries: answers.count, bytes: answers.bytes, budget: answers.budget) }

    func answer(query: String, variables: [String: Map]) async -> Answer {
        let variableKey = (try? String(decoding: GraphQLJSONEncoder().encode(Map.dictionary(.init(uniqueKeysWithValues: variables.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))), as: UTF8.self)) ?? ""
        let key = query + "\u{0}" + variableKey
        if let cached = answers.value(for: key) { return cached }
        let answer = await compute(query: query, variables: variables)
        let cost = CacheCost.text(key) + answer.fields.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count + 64 }
            + answer.errors.reduce(0) { $0 + $1.message.utf8.count + 64 }
        answers.insert(answer, for: key, cost: cost)
        return answer
    }

    private func compute(query: String, variables: [String: Map]) async -> Answer {
        do {
            let document = try parse(source: Source(body: query, name: "introspection"))
            let result = try await execute(schema: schema, documentAST: document, rootValue: (), context: (),
                                           variableValues: variables)
            var fields: [String: String] = [:]
            if case .dictionary(let entries)? = result.data {
                let encoder = GraphQLJSONEncoder()
                for (key, value) in entries {
                    if let data = try? encoder.encode(value) { fields[key] = String(decoding: data, as: UTF8.self) }
                }
            }
            let errors = result.errors.map { GraphQLResponseError(message: $0.message, code: "INTROSPECTION_FAILED") }
            return Answer(fields: fields, errors: errors)
        } catch {
            return Answer(fields: [:], errors: [GraphQLResponseError(message: "Introspection failed: \(error)",
                                                                     code: "INTERNAL_SERVER_ERROR")])
        }
    }
}
