import GraphQL

/// A role's schema: the full schema with what the role may not see removed (issue 6 §2), so its introspection and
/// validation see exactly that. Derived when the server starts, from the full schema and `schema/roles.json`.
///
/// Removal runs to a fixed point: a hidden type takes with it every field, argument and input field that refers to
/// it; a hidden field `T.f` goes from T and from T's generated inputs and aggregate types (TFilter, TOrderBy,
/// TSumFields, TSumHaving, …); a hidden entity takes its generated types (TConnection, TEdge, TAggregate, TListFilter,
/// TGroup, …); a field that loses a required argument goes; a type left without fields goes; and so on. The text is
/// cut, not re-printed, so every description stays as written.
public enum RoleSchemaDerivation {
    /// Generated inputs and aggregate types that repeat an entity's fields.
    static let fieldFamily = ["Filter", "OrderBy", "SumFields", "AvgFields", "MinFields", "MaxFields", "SumHaving", "AvgHaving",
                              "MinHaving", "MaxHaving", "SumOrderBy", "AvgOrderBy", "MinOrderBy", "MaxOrderBy"]
    /// Generated types that exist only for an entity.
    static let typeFamily = ["Connection", "Edge", "Aggregate", "ListFilter", "Group", "GroupKey", "GroupHaving", "GroupOrderBy",
                             "GroupKeyOrderBy", "GroupDimension"]

    /// The schema `role` is served under `entry`.
    public static func derive(_ full: String, role: String, entry: RolePolicy.Entry) throws -> String {
        try deriveBuilt(full, role: role, entry: entry).source
    }

    /// The schema `role` is served under `entry`, as text and built: the result is built (and so validated) anyway
    /// before it is returned, and a server that starts needs it built, so it is not built twice.
    public static func deriveBuilt(_ full: String, role: String, entry: RolePolicy.Entry) throws -> (source: String, schema: GraphQLSchema) {
        try deriveBuilt(ParsedSchema(full), role: role, entry: entry)
    }

    /// The full schema parsed once, for deriving several roles' schemas from it (parsing is a good part of each).
    public struct ParsedSchema {
        let document: SDLDocument
        public init(_ full: String) throws { document = try SDLDocument(full) }
    }

    /// `deriveBuilt` from the full schema already parsed.
    public static func deriveBuilt(_ parsed: ParsedSchema, role: String, entry: RolePolicy.Entry) throws -> (source: String, schema: GraphQLSchema) {
        let document = parsed.document
        let full = document.text
        let definitions = document.document.definitions.compactMap { $0 as? TypeDefinition }
        let byName = Dictionary(definitions.map { ($0.name.value, $0) }, uniquingKeysWith: { first, _ in first })

        var hiddenTypes: Set<String> = []
        for name in entry.hiddenTypes {
            guard byName[name] != nil else { throw SchemaSourceError.unknownName(role: role, name: name) }
            hiddenTypes.insert(name)
            for suffix in typeFamily + fieldFamily where byName[name + suffix] != nil { hiddenTypes.insert(name + suffix) }
        }
        var hiddenFields: Set<FieldKey> = []
        // What a role may not ask of Query it may not subscribe to either (Subscription repeats Query's fields).
        let mirrored = { (path: String) -> [String] in
            path.hasPrefix("Query.") && byName["Subscription"] != nil ? [path, "Subscription." + path.dropFirst("Query.".count)] : [path]
        }
        for path in entry.hiddenFields.flatMap(mirrored) {
            let parts = path.split(separator: ".").map(String.init)
            guard parts.count == 2, let type = byName[parts[0]], members(of: type).contains(where: { $0.name == parts[1] }) else {
                throw SchemaSourceError.unknownName(role: role, name: path)
            }
            for suffix in [""] + fieldFamily where byName[parts[0] + suffix] != nil {
                hiddenFields.insert(FieldKey(type: parts[0] + suffix, field: parts[1]))
            }
        }
        // The steps the role may not take: every field of Mutation not in its list (all of them without one).
        if let mutation = byName["Mutation"], !entry.mayCallEveryMutation {
            let allowed = Set(entry.mutations ?? [])
            let names = Set(members(of: mutation).map(\.name))
            if let unknown = allowed.subtracting(names).sorted().first {
                throw SchemaSourceError.unknownName(role: role, name: "Mutation." + unknown)
            }
            for name in names.subtracting(allowed) { hiddenFields.insert(FieldKey(type: "Mutation", field: name)) }
        }
        var hiddenArguments: Set<ArgumentKey> = []
        for path in entry.hiddenArguments.flatMap(mirrored) {
            let parts = path.split(separator: ".").map(String.init)
            guard parts.count == 3, let type = byName[parts[0]],
                  let field = members(of: type).first(where: { $0.name == parts[1] }),
                  field.arguments.contains(where: { $0.name.value == parts[2] }) else {
                throw SchemaSourceError.unknownName(role: role, name: path)
            }
            hiddenArguments.insert(ArgumentKey(field: FieldKey(type: parts[0], field: parts[1]), argument: parts[2]))
        }

        // To a fixed point: what is removed can leave other things pointing at nothing.
        var removedFields: Set<FieldKey> = []
        var removedArguments: Set<ArgumentKey> = []
        var changed = true
        while changed {
            changed = false
            for definition in definitions where !hiddenTypes.contains(definition.name.value) {
                let typeName = definition.name.value
                let fields = members(of: definition)
                guard !fields.isEmpty else { continue }
                var kept = 0
                for field in fields {
                    let key = FieldKey(type: typeName, field: field.name)
                    if removedFields.contains(key) { continue }
                    if hiddenFields.contains(key) || hiddenTypes.contains(field.type.namedType) {
                        removedFields.insert(key)
                        changed = true
                        continue
                    }
                    var dropField = false
                    for argument in field.arguments {
                        let argumentKey = ArgumentKey(field: key, argument: argument.name.value)
                        guard !removedArguments.contains(argumentKey),
                              hiddenArguments.contains(argumentKey) || hiddenTypes.contains(argument.type.namedType) else { continue }
                        // A required argument cannot be dropped: the field goes instead.
                        if argument.type.isNonNull { dropField = true }
                        removedArguments.insert(argumentKey)
                        changed = true
                    }
                    if dropField {
                        removedFields.insert(key)
                        continue
                    }
                    kept += 1
                }
                if kept == 0 {
                    hiddenTypes.insert(typeName)
                    changed = true
                }
            }
        }

        // What no root can reach any more (a payload or input of a step the role may not take, an enum only they used)
        // goes too: introspection shows a role nothing it cannot use.
        // (Only what the role's cuts made unreachable: a type the full schema itself leaves unreachable stays.)
        hiddenTypes.formUnion(unreachable(definitions, byName: byName, hiddenTypes: hiddenTypes, removedFields: removedFields,
                                          removedArguments: removedArguments)
            .subtracting(unreachable(definitions, byName: byName, hiddenTypes: [], removedFields: [], removedArguments: [])))
        var edits = SDLEdits(full)
        for case let schemaDefinition as SchemaDefinition in document.document.definitions {
            for operation in schemaDefinition.operationTypes where hiddenTypes.contains(operation.type.name.value) {
                edits.remove(operation.loc)
            }
        }
        for definition in definitions {
            let typeName = definition.name.value
            if hiddenTypes.contains(typeName) {
                edits.remove(definition.loc, separated: true)
                continue
            }
            if let object = definition as? ObjectTypeDefinition,
               let interface = object.interfaces.first(where: { hiddenTypes.contains($0.name.value) }) {
                throw SchemaSourceError.invalidResult(role: role, reason: "\(typeName) implements the hidden \(interface.name.value)")
            }
            if let union = definition as? UnionTypeDefinition, let member = union.types.first(where: { hiddenTypes.contains($0.name.value) }) {
                throw SchemaSourceError.invalidResult(role: role, reason: "the union \(typeName) includes the hidden \(member.name.value)")
            }
            for field in members(of: definition) {
                let key = FieldKey(type: typeName, field: field.name)
                if removedFields.contains(key) {
                    edits.remove(field.loc)
                    continue
                }
                let removed = field.arguments.filter { removedArguments.contains(ArgumentKey(field: key, argument: $0.name.value)) }
                guard !removed.isEmpty else { continue }
                if removed.count == field.arguments.count, let nameEnd = field.nameEnd, let typeStart = field.type.loc?.start {
                    // No argument left: the parentheses go too.
                    edits.replace(nameEnd..<typeStart, with: ": ")
                } else {
                    for argument in removed { edits.remove(argument.loc) }
                }
            }
        }
        let derived = header(role: role, entry: entry) + edits.applied()
        do {
            return (derived, try buildSchema(source: derived))
        } catch {
            throw SchemaSourceError.invalidResult(role: role, reason: "\(error)")
        }
    }

    /// The types no root operation type reaches through the fields, arguments and input fields that remain (an
    /// interface reaches the types implementing it, a union its members).
    static func unreachable(_ definitions: [TypeDefinition], byName: [String: TypeDefinition], hiddenTypes: Set<String>,
                            removedFields: Set<FieldKey>, removedArguments: Set<ArgumentKey>) -> Set<String> {
        var implementations: [String: [String]] = [:]
        for case let object as ObjectTypeDefinition in definitions where !hiddenTypes.contains(object.name.value) {
            for interface in object.interfaces { implementations[interface.name.value, default: []].append(object.name.value) }
        }
        var reached: Set<String> = []
        var queue = ["Query", "Mutation", "Subscription"].filter { byName[$0] != nil && !hiddenTypes.contains($0) }
        while let name = queue.popLast() {
            guard !reached.contains(name), !hiddenTypes.contains(name), let definition = byName[name] else { continue }
            reached.insert(name)
            queue += implementations[name] ?? []
            if let union = definition as? UnionTypeDefinition { queue += union.types.map(\.name.value) }
            for field in members(of: definition) {
                let key = FieldKey(type: name, field: field.name)
                guard !removedFields.contains(key) else { continue }
                queue.append(field.type.namedType)
                for argument in field.arguments where !removedArguments.contains(ArgumentKey(field: key, argument: argument.name.value)) {
                    queue.append(argument.type.namedType)
                }
            }
        }
        return Set(definitions.map(\.name.value)).subtracting(reached)
    }

    /// The comment heading a role's schema: three lines, the last empty.
    public static func header(role: String, entry: RolePolicy.Entry) -> String {
        "# The GraphQL schema as the role `\(role)` sees it, derived from schema/schema.graphql and schema/roles.json\n"
            + "# when the server starts (`qunji schema print --role \(role)`). \(entry.description)\n\n"
    }

    /// A field or input field of a type definition, as far as removal needs it.
    struct Member {
        let name: String
        let type: GraphQL.`Type`
        let arguments: [InputValueDefinition]
        let loc: Location?
        /// Where the field's name ends (before its arguments).
        let nameEnd: Int?
    }

    static func members(of definition: TypeDefinition) -> [Member] {
        switch definition {
        case let object as ObjectTypeDefinition:
            return object.fields.map(Member.init)
        case let interface as InterfaceTypeDefinition:
            return interface.fields.map(Member.init)
        case let input as InputObjectTypeDefinition:
            return input.fields.map { Member(name: $0.name.value, type: $0.type, arguments: [], loc: $0.loc, nameEnd: $0.name.loc?.end) }
        default:
            return []
        }
    }

    struct FieldKey: Hashable {
        let type: String
        let field: String
    }

    struct ArgumentKey: Hashable {
        let field: FieldKey
        let argument: String
    }
}

extension RoleSchemaDerivation.Member {
    init(_ field: FieldDefinition) {
        self.init(name: field.name.value, type: field.type, arguments: field.arguments, loc: field.loc, nameEnd: field.name.loc?.end)
    }
}
