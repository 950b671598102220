import Catalog
import GraphQL

/// Everything a role's requests go through: its schema (a subset of the full one), the documents validated
/// against it, its introspection answers, its compiler and its compiled operations. Roles share nothing
/// that depends on what they can see, so a document valid for one role is never served to another.
final class RoleContext: Sendable {
    let role: Role
    let schema: GraphQLSchema
    let documents: DocumentCache
    let introspection: IntrospectionCache
    let compiler: QueryCompiler
    let compiledOperations: CompiledOperationCache
    /// Whether `__schema` and `__type` may be asked (`__typename` always may).
    let allowsIntrospection: Bool

    init(role: Role, schema: GraphQLSchema, catalog: Catalog, limits: RequestLimits, capacity: Int,
         allowsIntrospection: Bool) {
        self.role = role
        self.schema = schema
        var pageLimits = QueryCompiler.PageLimits()
        pageLimits.maximumCost = limits.maximumCost
        self.compiler = QueryCompiler(catalog: catalog, schema: schema, limits: pageLimits)
        self.documents = DocumentCache(schema: schema, capacity: capacity, limits: limits)
        self.introspection = IntrospectionCache(schema: schema)
        self.compiledOperations = CompiledOperationCache(capacity: capacity)
        self.allowsIntrospection = allowsIntrospection
    }
}
