import GraphQL
import Planner

/// The spec's "Field Selection Merging" rule (§5.3.2, `OverlappingFieldsCanBeMerged`), which
/// GraphQL 4.3.0 leaves out of `specifiedRules`.
///
/// The compiler turns response names into JSON object keys, so two fields with the same response
/// name must mean the same thing: `{ a: clusters { totalCount } a: funds { totalCount } }`, the
/// same key with different arguments, or sub-selections that cannot be merged are rejected here.
///
/// A port of graphql-js's `OverlappingFieldsCanBeMergedRule` (same algorithm, memoization and
/// messages), over the public AST: the document is walked directly instead of through
/// GraphQL 4.3.0's visitor and `TypeInfo`, which are slow on the hot path.
enum OverlappingFields {
    /// Every conflict in `document`, in graphql-js's order (selection sets in document order,
    /// outer before inner), each with the locations of all fields involved.
    static func errors(in document: Document, typeIndex: SchemaTypeIndex) -> [GraphQLError] {
        var walk = DocumentWalk(checker: Checker(typeIndex: typeIndex, document: document))
        walk.visit(document)
        return walk.conflicts.map { GraphQLError(message: $0.message, nodes: $0.fields1 + $0.fields2) }
    }
}

/// Checks `document` against the spec's Field Selection Merging rule, which GraphQL 4.3.0's
/// `validate` does not include. Builds a `SchemaTypeIndex` each call: on a hot path, build the
/// index once and use `validateOverlappingFields(typeIndex:document:)`.
public func validateOverlappingFields(schema: GraphQLSchema, document: Document) -> [GraphQLError] {
    OverlappingFields.errors(in: document, typeIndex: SchemaTypeIndex(schema: schema))
}

/// Checks `document` against the spec's Field Selection Merging rule using a prepared index.
public func validateOverlappingFields(typeIndex: SchemaTypeIndex, document: Document) -> [GraphQLError] {
    OverlappingFields.errors(in: document, typeIndex: typeIndex)
}

/// The same check as a GraphQL 4.3.0 validation rule, for callers that run
/// `validate(schema:ast:rules:)` with their own rule list. It runs once, when the visitor enters
/// the document, then skips the rest of the traversal; it builds its index per call.
public let overlappingFieldsCanBeMergedRule: @Sendable (ValidationContext) -> Visitor = { context in
    Visitor(enter: { node, _, _, _, _ in
        guard let document = node as? Document else { return .skip }
        for error in validateOverlappingFields(schema: context.schema, document: document) {
            context.report(error: error)
        }
        return .skip
    })
}
