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
    ///
    /// Scanned by hand rather than with regex literals: Swift parses a regex literal again every time it is evaluated,
    /// and this runs for every refused document (which no cache keeps), so a client sending unknown fields paid for
    /// three regex compilations per error (seen in a profile of such a flood).
    static func missingName(in message: String) -> String? {
        if let names = names(in: message, between: ["Cannot query field \"", "\" on type \"", "\""]) {
            return "\(names[1]).\(names[0])"
        }
        if let names = names(in: message, between: ["Field \"", "\" is not defined by type \"", "\""]) {
            return "\(names[1]).\(names[0])"
        }
        if let names = names(in: message, between: ["Unknown type \"", "\""]) {
            return String(names[0])
        }
        return nil
    }

    /// The GraphQL names between `texts` (a name between each two), the first text found anywhere in `message` and
    /// the others right after each name; nil when the message does not read that way.
    private static func names(in message: String, between texts: [String]) -> [Substring]? {
        guard let first = texts.first, let start = message.range(of: first) else { return nil }
        var rest = message[start.upperBound...]
        var names: [Substring] = []
        for text in texts.dropFirst() {
            let name = rest.prefix { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
            guard !name.isEmpty, rest[name.endIndex...].hasPrefix(text) else { return nil }
            names.append(name)
            rest = rest[rest.index(name.endIndex, offsetBy: text.count)...]
        }
        return names
    }
}
