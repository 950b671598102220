import GraphQL
import Planner

/// Validates an executable document with every rule the spec requires: GraphQL 4.3.0's
/// `specifiedRules` plus Field Selection Merging, which 4.3.0 lacks, and the scalar literal checks
/// it skips (`ScalarLiteralRule`). Errors carry locations.
/// Builds a `SchemaTypeIndex` each call; on a hot path use `validateDocument(typeIndex:document:)`.
public func validateDocument(schema: GraphQLSchema, document: Document) -> [GraphQLError] {
    validateDocument(typeIndex: SchemaTypeIndex(schema: schema), document: document)
}

/// Validates an executable document with GraphQL 4.3.0's `specifiedRules` plus Field Selection
/// Merging, using a prepared index of the schema.
///
/// The rules are passed explicitly: in 4.3.0 an empty `rules` array silently means
/// `specifiedRules`, so "no rules" cannot be expressed and relying on the default hides which
/// rules ran.
public func validateDocument(typeIndex: SchemaTypeIndex, document: Document) -> [GraphQLError] {
    validate(schema: typeIndex.schema, ast: document, rules: specifiedRules + [ScalarLiteralRule])
        + OverlappingFields.errors(in: document, typeIndex: typeIndex)
}
