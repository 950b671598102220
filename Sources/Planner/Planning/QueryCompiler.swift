import Catalog
import GraphQL

/// What one operation compiles to: a single SQL statement returning the `data` JSON, and the root
/// fields that introspection must answer (spliced in as parameters).
package struct CompiledOperation: Sendable {
    package let sql: String
    package let parameters: [String?]
    /// Parameter positions reserved for introspection answers, by response key, filled at execution.
    package let introspectionSlots: [(responseKey: String, parameterIndex: Int)]
    /// Whether the operation asks `__schema` or `__type` (answered by the engine from the operation itself).
    package var asksIntrospection: Bool { !introspectionSlots.isEmpty }
    /// true when the operation has no data fields at all: no SQL needs to run.
    package let isIntrospectionOnly: Bool

    /// What holding it costs, in bytes, for the compiled-operation cache's budget.
    package var estimatedBytes: Int {
        sql.utf8.count + parameters.reduce(0) { $0 + ($1?.utf8.count ?? 0) + 24 }
            + introspectionSlots.reduce(0) { $0 + $1.responseKey.utf8.count + 32 } + 128
    }
}

/// Compiles a validated operation into one SQL statement (design §5), using the catalog for every
/// table, column and join. Stateless: one instance serves all requests.
package struct QueryCompiler: Sendable {
    package let catalog: Catalog
    package let schema: GraphQLSchema
    package let limits: PageLimits

    package struct PageLimits: Sendable {
        /// Page size when neither `first` nor `last` is given.
        package var defaultPageSize = 50
        /// Largest `first`/`last` accepted.
        package var maximumPageSize = 500
        /// Largest estimated result (``RequestLimits/maximumCost``).
        package var maximumCost = RequestLimits.standard.maximumCost

        package init() {}
    }

    package init(catalog: Catalog, schema: GraphQLSchema, limits: PageLimits) {
        self.catalog = catalog
        self.schema = schema
        self.limits = limits
    }

    package func compile(document: Document, operationName: String?, variables: [String: Map], region: String? = nil,
                         tableRows: TableRows = TableRows()) throws(QueryError) -> CompiledOperation
    {
        try compile(document: document, operation: try Self.selectOperation(document, operationName), variables: variables,
                    region: region, tableRows: tableRows)
    }

    /// `compile` for an operation the caller has already selected from `document` (the engine selects it once per
    /// request, to refuse a mutation over GET before anything else).
    package func compile(document: Document, operation: OperationDefinition, variables: [String: Map], region: String? = nil,
                         tableRows: TableRows = TableRows()) throws(QueryError) -> CompiledOperation
    {
        var fragments: [String: FragmentDefinition] = [:]
        for case let fragment as FragmentDefinition in document.definitions {
            fragments[fragment.name.value] = fragment
        }
        guard operation.operation == .query else {
            throw .operationResolution("Only queries are supported: this schema has no \(operation.operation.rawValue) type.")
        }
        let coerced = try VariableCoercion(schema: schema).coerce(operation.variableDefinitions, variables)
        let state = CompilationState(fragments: fragments, variables: coerced, tableRows: tableRows)
        state.region = region
        let collector = FieldCollector(schema: schema, state: state)
        let groups = try collector.collect([operation.selectionSet], typeName: "Query")

        var pairs: [(key: String, value: SQLNode)] = []
        var slots: [(responseKey: String, parameterIndex: Int)] = []
        var dataFields = 0
        for group in groups {
            switch group.name {
            case "__typename":
                // Answered by the statement like a data field (an operation of only `__typename` used to
                // come back as `{}` when treated as introspection-only).
                dataFields += 1
                pairs.append((group.responseKey, .call("to_json", [.literal("Query")])))
            case "__schema", "__type":
                let placeholder = state.bind(nil, as: "json")
                if case .parameter(let index, _) = placeholder { slots.append((group.responseKey, index)) }
                pairs.append((group.responseKey, placeholder))
            default:
                dataFields += 1
                let builder = SelectionBuilder(catalog: catalog, schema: schema, state: state, collector: collector,
                                               limits: limits)
                pairs.append((group.responseKey, try builder.rootField(group)))
            }
        }
        if state.cost > limits.maximumCost {
            throw .limit("The query is estimated at \(state.cost) cost units (each list's page size times the lists around it, "
                         + "each policy rule's weight for every row it is computed for, and the rows that filters, totals, "
                         + "aggregates and groups read; a unit is about one plain list item's database time); this server "
                         + "allows \(limits.maximumCost) for this role. Ask for smaller pages (first/last), fewer nested lists, "
                         + "fewer rule fields, or filters and groups that read fewer rows.",
                         code: LimitCode.cost)
        }
        // The statement as text: the one place the plan becomes SQL.
        let sql = SQLRenderer.render(SQLSelect(columns: [(.cast(.jsonObject(pairs), "text"), nil)], from: []))
        return CompiledOperation(sql: sql, parameters: state.parameters, introspectionSlots: slots,
                                 isIntrospectionOnly: dataFields == 0)
    }

    /// The spec's GetOperation: the named one, or the only one.
    package static func selectOperation(_ document: Document, _ name: String?) throws(QueryError) -> OperationDefinition {
        let operations = document.definitions.compactMap { $0 as? OperationDefinition }
        if let name {
            guard let match = operations.first(where: { $0.name?.value == name }) else {
                throw .operationResolution("Unknown operation named \"\(name)\".")
            }
            return match
        }
        guard operations.count == 1, let only = operations.first else {
            throw .operationResolution(operations.isEmpty
                ? "The document contains no operation."
                : "Must provide operation name if query contains multiple operations.")
        }
        return only
    }
}
