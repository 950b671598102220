import Catalog
import GraphQL
import Planner

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
    /// Types (`Incident`) and fields (`Enterprise.creditCode`) of the full schema that this role's schema leaves out:
    /// asked for, they get a hint that a key may show them, without their types being told.
    let hiddenNames: Set<String>

    /// - Parameters:
    ///   - model: the role's schema as introspection describes it, built once (`IntrospectionModel`).
    ///   - fullModel: the full schema's (admin's), to tell what this role cannot see; nil for admin.
    init(role: Role, schema: GraphQLSchema, model: IntrospectionModel, catalog: Catalog, limits: RequestLimits,
         budgets: CacheBudgets, allowsIntrospection: Bool, fullModel: IntrospectionModel? = nil) {
        self.role = role
        self.schema = schema
        self.hiddenNames = fullModel.map { $0.names.subtracting(model.names) } ?? []
        var pageLimits = QueryCompiler.PageLimits()
        pageLimits.maximumCost = role == .anonymous ? limits.maximumCost : limits.maximumAuthenticatedCost
        self.compiler = QueryCompiler(catalog: catalog, schema: schema, limits: pageLimits)
        self.documents = DocumentCache(schema: schema, budget: CacheBudgets.perRole(budgets.documents), limits: limits)
        // Introspection answers are bounded like data: in objects (never more than the cost limit) and in
        // bytes, each limit about 2.5 times what the whole schema with every option takes.
        self.introspection = IntrospectionCache(model: model,
                                                budget: CacheBudgets.perRole(budgets.introspection),
                                                maximumItems: min(limits.maximumCost, RequestLimits.introspectionObjects),
                                                maximumBytes: RequestLimits.introspectionBytes)
        self.compiledOperations = CompiledOperationCache(budget: CacheBudgets.perRole(budgets.compiledOperations))
        self.allowsIntrospection = allowsIntrospection
    }

    /// `errors` with a hint on each that names something this role's schema leaves out but another role's has:
    /// "Cannot query field "creditCode" on type "Enterprise"" is then not a typo but a matter of credentials.
    func hinted(_ errors: [GraphQLResponseError]) -> [GraphQLResponseError] {
        guard !hiddenNames.isEmpty else { return errors }
        return errors.map { error in
            guard error.code == CachedDocument.validationFailedCode, let name = Self.missingName(in: error.message),
                  hiddenNames.contains(name)
            else { return error }
            return error.withHint("This field or type is not in the schema served to \(role == .anonymous ? "anonymous requests" : "the \(role.rawValue) role"): "
                                  + "it may need a key (an API key or token of a role that sees it).")
        }
    }

    /// `Type.field` or `Type` from a validation message about an unknown field, argument field or type.
    static func missingName(in message: String) -> String? {
        if let match = message.firstMatch(of: /Cannot query field "(\w+)" on type "(\w+)"/) {
            return "\(match.output.2).\(match.output.1)"
        }
        if let match = message.firstMatch(of: /Field "(\w+)" is not defined by type "(\w+)"/) {
            return "\(match.output.2).\(match.output.1)"
        }
        if let match = message.firstMatch(of: /Unknown type "(\w+)"/) {
            return String(match.output.1)
        }
        return nil
    }
}
