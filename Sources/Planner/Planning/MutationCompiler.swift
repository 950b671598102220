import Catalog
import GraphQL

/// One step of a mutation operation, compiled: the database function that takes it and the statement that reads its
/// payload afterwards, in the same transaction.
package struct CompiledStep: Sendable {
    /// The field's response key (`submitApplication`, or its alias).
    package let responseKey: String
    /// The GraphQL field name, as the audit log records it.
    package let mutation: String
    /// The function's name after `mutation_` (``MutationField/function``).
    package let function: String
    /// The field's `input` argument as a JSON object, global ids replaced by their rows' keys.
    package let input: String
    /// The payload's statement: one row, one column, the selection's JSON; its ``PlanParameter/stepResult`` parameter
    /// is what the function answered.
    package let payload: CompiledOperation
}

/// What a mutation operation compiles to: its steps, run one after another in one transaction (GraphQL runs a
/// mutation's root fields serially), and whether it asks for the root `__typename`.
package struct CompiledMutation: Sendable {
    package let steps: [CompiledStep]
    /// Response keys answered `"Mutation"` (`__typename` on the root), in selection order among the steps.
    package let typenameKeys: Set<String>
    /// Response keys in selection order.
    package let responseKeys: [String]
    /// The request's values the payloads' parameters are read from (variables, literals, the region).
    package let inputs: PlanInputs

    /// The parameters of `step`'s payload for this request, with the step's answer in its slot.
    package func payloadParameters(_ step: CompiledStep, result: String) throws(QueryError) -> [String?] {
        var values = try step.payload.bind(inputs)
        for (index, parameter) in step.payload.parameters.enumerated() {
            if case .stepResult = parameter { values[index] = result }
        }
        return values
    }
}

extension QueryCompiler {
    /// Compiles a mutation operation: each root field to its step (``CompiledStep``). Compiled per request, never kept:
    /// writes are rare, and a step's input is data, not shape.
    package func compileMutation(document: Document, operation: OperationDefinition, variables: [String: InputValue],
                                 literals: DocumentLiterals, region: String?) throws(QueryError) -> CompiledMutation {
        guard operation.operation == .mutation else {
            throw .operationResolution("Not a mutation.")
        }
        var fragments: [String: FragmentDefinition] = [:]
        for case let fragment as FragmentDefinition in document.definitions {
            fragments[fragment.name.value] = fragment
        }
        let rootState = CompilationState(fragments: fragments, variables: variables, literals: literals, tableRows: TableRows())
        let groups = try FieldCollector(schema: schema, state: rootState).collect([operation.selectionSet], typeName: "Mutation")
        var steps: [CompiledStep] = []
        var typenameKeys: Set<String> = []
        for group in groups {
            if group.name == "__typename" {
                typenameKeys.insert(group.responseKey)
                continue
            }
            guard let definition = catalog.mutations[group.name], let payload = catalog.payloads[definition.payloadType] else {
                throw .unsupported("Mutation.\(group.name) has no mapping in the catalog.")
            }
            let input = try stepInput(group, definition: definition, variables: variables)
            let state = CompilationState(fragments: fragments, variables: variables, literals: literals, tableRows: TableRows())
            state.region = region
            let collector = FieldCollector(schema: schema, state: state)
            let builder = SelectionBuilder(catalog: catalog, schema: schema, state: state, collector: collector, limits: limits)
            let result = state.bindStepResult()
            var pairs: [(key: String, value: SQLNode)] = []
            for field in try collector.collect(group.subselections, typeName: definition.payloadType) {
                if field.name == "__typename" {
                    pairs.append((field.responseKey, .call("to_json", [.literal(definition.payloadType)])))
                    continue
                }
                guard let mapping = payload.fields[field.name] else {
                    throw .unsupported("\(definition.payloadType).\(field.name) has no mapping in the catalog.")
                }
                let entity = try builder.entity(mapping.entity)
                guard let key = entity.key.first, entity.key.count == 1 else {
                    throw .unsupported("\(mapping.entity) has no single-column key for a payload.")
                }
                let alias = state.alias()
                // The row whose id the function answered under the field's key: `t.id = ($n ->> 'key')::bigint`.
                let id = SQLNode.cast(.binary(result, "->>", .constant(mapping.resultKey)), key.sqlType)
                pairs.append((field.responseKey, try builder.objectSubquery(entity, alias: alias,
                                                                           conditions: [.binary(.column(alias, key.column), "=", id)],
                                                                           group: field)))
            }
            if state.cost > limits.maximumCost {
                throw .limit("The payload of \(group.responseKey) is estimated at \(state.cost) cost units; this server allows "
                             + "\(limits.maximumCost) for this role. Select fewer nested lists in the payload.", code: LimitCode.cost)
            }
            let statement = SQLRenderer.statement(SQLSelect(columns: [(.cast(.jsonObject(pairs), "text"), nil)], from: []))
            let parameters = statement.slots.map { state.parameters[$0] }
            steps.append(CompiledStep(
                responseKey: group.responseKey, mutation: group.name, function: definition.function, input: input,
                payload: CompiledOperation(sql: statement.sql, parameters: parameters, introspectionSlots: [],
                                           isIntrospectionOnly: false, reusedOrigins: [], planCacheMode: .perExecution)))
        }
        return CompiledMutation(steps: steps, typenameKeys: typenameKeys, responseKeys: groups.map(\.responseKey),
                                inputs: PlanInputs(variables: variables, literals: literals, region: region))
    }

    /// The step's `input` argument as JSON text: each global id replaced by its row's key (an id of another type, or
    /// no id at all, is refused here), numbers kept as the text they were written in (a Decimal's digits exactly).
    private func stepInput(_ group: FieldCollector.Group, definition: MutationField, variables: [String: InputValue])
        throws(QueryError) -> String
    {
        let location = group.first.loc.map { QueryError.location(of: $0) }
        guard let argument = group.first.arguments.first(where: { $0.name.value == "input" }),
              case .object(var fields)? = InputValue.resolve(argument.value, variables: variables)
        else {
            throw .badInput("Mutation.\(group.name) needs its input object.", location: location)
        }
        for (name, typeName) in definition.globalIDInputs {
            guard let value = fields[name] else { continue }
            guard let text = value.textValue, let decoded = GlobalID.decode(text), decoded.typeName == typeName,
                  decoded.key.count == 1, let key = decoded.key.first, Int64(key) != nil
            else {
                throw .badInput("\"\(name)\" must be the id of a \(typeName) (its `id` field).", location: location)
            }
            fields[name] = .string(key)
        }
        return Self.json(.object(fields))
    }

    /// JSON text for a coerced input value; numbers other than Int as strings, so their digits reach PostgreSQL as given.
    static func json(_ value: InputValue) -> String {
        switch value {
        case .null: return "null"
        case .int(let number): return String(number)
        case .boolean(let flag): return flag ? "true" : "false"
        case .number(let text), .string(let text), .enumValue(let text): return GraphQLResponseError.quoted(text)
        case .list(let items): return "[" + items.map(json).joined(separator: ",") + "]"
        case .object(let fields):
            return "{" + fields.sorted { $0.key < $1.key }.map { GraphQLResponseError.quoted($0.key) + ":" + json($0.value) }
                .joined(separator: ",") + "}"
        }
    }
}
