import Catalog
import GraphQL

/// What one operation compiles to: a plan for every request of its shape (``PlanKey``) — a single SQL statement
/// returning the `data` JSON, and where each of its parameters comes from.
package struct CompiledOperation: Sendable {
    package let sql: String
    /// The statement's parameters, in `$n` order.
    package let parameters: [PlanParameter]
    /// Parameter positions reserved for introspection answers, by response key, filled at execution.
    package let introspectionSlots: [(responseKey: String, parameterIndex: Int)]
    /// Whether the operation asks `__schema` or `__type` (answered by the engine from the operation itself).
    package var asksIntrospection: Bool { !introspectionSlots.isEmpty }
    /// true when the operation has no data fields at all: no SQL needs to run.
    package let isIntrospectionOnly: Bool
    /// The values the plan reads from each request (``PlanParameter/input(_:_:location:)``): a request whose
    /// other values equal the ones the plan was compiled for can use it, whatever these hold.
    package let reusedOrigins: Set<InputOrigin>
    /// How PostgreSQL should plan the prepared statement: once, without the values (`generic`), unless a value the
    /// client chose can change the best plan (a filter operand, a day, a rule's argument; per execution when it filters
    /// related rows). Planning a list page's statement cost more than executing it at scale 100 (scripts/bench-planning,
    /// BENCHMARKS.md), and its values (keys, page sizes, cursors, the region) change nothing in the plan.
    package let planCacheMode: PlanCacheMode

    /// The parameter values for one request of this plan's shape; introspection slots are nil, for the engine to fill.
    /// Fails as compiling would have for a value the plan's checks refuse (a malformed Date).
    package func bind(_ inputs: PlanInputs) throws(QueryError) -> [String?] {
        var values: [String?] = []
        values.reserveCapacity(parameters.count)
        for parameter in parameters {
            switch parameter {
            case .fixed(let value):
                values.append(value)
            case .introspection, .stepResult:
                values.append(nil)
            case .input(let origin, let transform, let location):
                guard let value = inputs.value(at: origin) else {
                    throw .unsupported("A plan's parameter has no value in this request.")
                }
                values.append(try transform.apply(value, location: location))
            case .region(let value):
                guard let region = inputs.region else { throw .unsupported("A plan for a region served a request without one.") }
                values.append(value.text(region))
            }
        }
        return values
    }

    /// What holding it costs, in bytes, for the compiled-operation cache's budget.
    package var estimatedBytes: Int {
        sql.utf8.count + parameters.reduce(0) { total, parameter in
            if case .fixed(let value) = parameter { return total + (value?.utf8.count ?? 0) + 24 }
            if case .region = parameter { return total + 24 }
            return total + 64
        } + introspectionSlots.reduce(0) { $0 + $1.responseKey.utf8.count + 32 } + reusedOrigins.count * 48 + 128
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

    /// Compiles and binds in one step, for tools and tests: the statement and this request's parameter values.
    package func compile(document: Document, operationName: String?, variables: [String: Map], region: String? = nil,
                         tableRows: TableRows = TableRows()) throws(QueryError) -> (plan: CompiledOperation, parameters: [String?])
    {
        let operation = try Self.selectOperation(document, operationName)
        let coerced = try coerceVariables(operation, variables)
        let literals = DocumentLiterals(document: document)
        let plan = try compile(document: document, operation: operation, variables: coerced, literals: literals,
                               region: region, tableRows: tableRows)
        return (plan, try plan.bind(PlanInputs(variables: coerced, literals: literals, region: region)))
    }

    /// The request's variables coerced against the operation's definitions (the spec's CoerceVariableValues): done
    /// for every request, before its plan is looked up, since the plan's key holds their shape.
    package func coerceVariables(_ operation: OperationDefinition, _ variables: [String: Map]) throws(QueryError) -> [String: InputValue] {
        switch operation.operation {
        case .query: break
        case .mutation where schema.mutationType != nil: break
        case .subscription where schema.subscriptionType != nil: break
        case .mutation:
            throw .operationResolution(
                "This schema has no mutation type: this role records no step of the process, or the server does not write (--enable-mutations).")
        case .subscription:
            throw .operationResolution("This schema has no subscription type.")
        }
        return try VariableCoercion(schema: schema).coerce(operation.variableDefinitions, variables)
    }

    /// The plan for `operation` (already selected from `document`: the engine selects it once per request, to refuse
    /// a mutation over GET before anything else), for every request of the same shape as this one.
    package func compile(document: Document, operation: OperationDefinition, variables coerced: [String: InputValue],
                         literals: DocumentLiterals, region: String? = nil, tableRows: TableRows = TableRows())
        throws(QueryError) -> CompiledOperation
    {
        var fragments: [String: FragmentDefinition] = [:]
        for case let fragment as FragmentDefinition in document.definitions {
            fragments[fragment.name.value] = fragment
        }
        // A subscription is a live query: the same root fields, compiled the same way, run again as the data changes.
        guard operation.operation == .query || operation.operation == .subscription else {
            throw .operationResolution("A \(operation.operation.rawValue) is not compiled to one statement.")
        }
        let rootType = operation.operation == .subscription ? "Subscription" : "Query"
        let state = CompilationState(fragments: fragments, variables: coerced, literals: literals, tableRows: tableRows)
        state.region = region
        let collector = FieldCollector(schema: schema, state: state)
        let groups = try collector.collect([operation.selectionSet], typeName: rootType)

        var pairs: [(key: String, value: SQLNode)] = []
        var dataFields = 0
        for group in groups {
            switch group.name {
            case "__typename":
                // Answered by the statement like a data field (an operation of only `__typename` used to
                // come back as `{}` when treated as introspection-only).
                dataFields += 1
                pairs.append((group.responseKey, .call("to_json", [.literal(rootType)])))
            case "__schema", "__type":
                pairs.append((group.responseKey, state.bindIntrospection(group.responseKey)))
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
        // Parameters are numbered here, in the order they appear; a slot bound but never used is never sent.
        let statement = SQLRenderer.statement(SQLSelect(columns: [(.cast(.jsonObject(pairs), "text"), nil)], from: []))
        let parameters = statement.slots.map { state.parameters[$0] }
        var slots: [(responseKey: String, parameterIndex: Int)] = []
        var reused: Set<InputOrigin> = []
        for (index, parameter) in parameters.enumerated() {
            switch parameter {
            case .introspection(let responseKey): slots.append((responseKey, index + 1))
            case .input(let origin, _, _): reused.insert(origin)
            case .fixed, .region, .stepResult: break
            }
        }
        return CompiledOperation(sql: statement.sql, parameters: parameters, introspectionSlots: slots,
                                 isIntrospectionOnly: dataFields == 0, reusedOrigins: reused,
                                 planCacheMode: state.planCacheMode)
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
