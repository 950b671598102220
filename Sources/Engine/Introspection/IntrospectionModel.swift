import GraphQL
import Planner

/// A role's whole schema as introspection describes it, built once at start-up: every `__Type`,
/// `__Field`, `__InputValue`, `__EnumValue` and `__Directive` as plain values.
///
/// Why our own: GraphQL 4.3.0 answers introspection by executing resolvers over the schema's config
/// closures, which rebuild fields, arguments and wrapper types on every call (about 9 ms for the
/// explorer's query, and 26–30 s with gigabytes of memory for a 482-byte document that multiplies
/// `fields` lists), and its `__InputValue.isDeprecated` resolves to null, so tools asking for input
/// value deprecation (GraphiQL, graphql-core's `get_introspection_query(input_value_deprecation=True)`,
/// Python's `gql`) fail. From this model an answer costs what it contains, and is counted.
struct IntrospectionModel: Sendable {
    indirect enum TypeRef: Sendable {
        case named(String)
        case list(TypeRef)
        case nonNull(TypeRef)
    }

    struct InputValue: Sendable {
        let name: String
        let description: String?
        let type: TypeRef
        /// The default as GraphQL text (`10`, `"x"`, `ASC`), or nil.
        let defaultValue: String?
        let deprecationReason: String?
    }

    struct Field: Sendable {
        let name: String
        let description: String?
        let args: [InputValue]
        let type: TypeRef
        let deprecationReason: String?
    }

    struct EnumValue: Sendable {
        let name: String
        let description: String?
        let deprecationReason: String?
    }

    struct NamedType: Sendable {
        /// `SCALAR`, `OBJECT`, `INTERFACE`, `UNION`, `ENUM`, `INPUT_OBJECT`.
        let kind: String
        let name: String
        let description: String?
        let specifiedByURL: String?
        let fields: [Field]?
        let interfaces: [String]?
        let possibleTypes: [String]?
        let enumValues: [EnumValue]?
        let inputFields: [InputValue]?
        let isOneOf: Bool?
    }

    struct Directive: Sendable {
        let name: String
        let description: String?
        let locations: [String]
        let args: [InputValue]
        let isRepeatable: Bool
    }

    /// Named types in the order GraphQL's type map lists them (as GraphQL 4.3.0's executor did).
    let typeNames: [String]
    let types: [String: NamedType]
    let queryType: String?
    let mutationType: String?
    let subscriptionType: String?
    let directives: [Directive]
    /// The schema's own description (GraphQL 4.3.0 keeps it internal, so it is read from the SDL).
    let description: String?

    init(schema: GraphQLSchema, description: String? = nil) {
        self.description = description
        var types: [String: NamedType] = [:]
        for (name, type) in schema.typeMap {
            types[name] = Self.namedType(type, schema: schema)
        }
        self.types = types
        self.typeNames = Array(schema.typeMap.keys)
        self.queryType = schema.queryType?.name
        self.mutationType = schema.mutationType?.name
        self.subscriptionType = schema.subscriptionType?.name
        self.directives = schema.directives.map { directive in
            Directive(name: directive.name, description: directive.description,
                      locations: directive.locations.map(\.rawValue),
                      args: directive.args.map { argument in
                          InputValue(name: argument.name, description: argument.description, type: Self.reference(argument.type),
                                     defaultValue: argument.astNode?.defaultValue.map { print(ast: $0) }
                                         ?? argument.defaultValue.flatMap(Self.literal),
                                     deprecationReason: argument.deprecationReason)
                      },
                      isRepeatable: directive.isRepeatable)
        }
    }

    private static func namedType(_ type: GraphQLNamedType, schema: GraphQLSchema) -> NamedType {
        func fields(_ map: GraphQLFieldMap) -> [Field] {
            map.map { name, field in
                Field(name: name, description: field.description,
                      args: field.args.map { argumentName, argument in
                          InputValue(name: argumentName, description: argument.description, type: reference(argument.type),
                                     defaultValue: argument.astNode?.defaultValue.map { print(ast: $0) }
                                         ?? argument.defaultValue.flatMap(literal),
                                     deprecationReason: argument.deprecationReason)
                      },
                      type: reference(field.type), deprecationReason: field.deprecationReason)
            }
        }
        switch type {
        case let object as GraphQLObjectType:
            return NamedType(kind: "OBJECT", name: object.name, description: object.description, specifiedByURL: nil,
                             fields: fields((try? object.fields()) ?? [:]), interfaces: ((try? object.interfaces()) ?? []).map(\.name),
                             possibleTypes: nil, enumValues: nil, inputFields: nil, isOneOf: nil)
        case let interface as GraphQLInterfaceType:
            return NamedType(kind: "INTERFACE", name: interface.name, description: interface.description, specifiedByURL: nil,
                             fields: fields((try? interface.fields()) ?? [:]),
                             interfaces: ((try? interface.interfaces()) ?? []).map(\.name),
                             possibleTypes: schema.getPossibleTypes(abstractType: interface).map(\.name).sorted(),
                             enumValues: nil, inputFields: nil, isOneOf: nil)
        case let union as GraphQLUnionType:
            return NamedType(kind: "UNION", name: union.name, description: union.description, specifiedByURL: nil,
                             fields: nil, interfaces: nil, possibleTypes: ((try? union.types()) ?? []).map(\.name),
                             enumValues: nil, inputFields: nil, isOneOf: nil)
        case let enumType as GraphQLEnumType:
            return NamedType(kind: "ENUM", name: enumType.name, description: enumType.description, specifiedByURL: nil,
                             fields: nil, interfaces: nil, possibleTypes: nil,
                             enumValues: enumType.values.map { EnumValue(name: $0.name, description: $0.description,
                                                                          deprecationReason: $0.deprecationReason) },
                             inputFields: nil, isOneOf: nil)
        case let input as GraphQLInputObjectType:
            let inputFields = ((try? input.fields()) ?? [:]).map { name, field in
                InputValue(name: name, description: field.description, type: reference(field.type),
                           defaultValue: field.astNode?.defaultValue.map { print(ast: $0) } ?? field.defaultValue.flatMap(literal),
                           deprecationReason: field.deprecationReason)
            }
            return NamedType(kind: "INPUT_OBJECT", name: input.name, description: input.description, specifiedByURL: nil,
                             fields: nil, interfaces: nil, possibleTypes: nil, enumValues: nil, inputFields: inputFields,
                             isOneOf: input.isOneOf)
        case let scalar as GraphQLScalarType:
            return NamedType(kind: "SCALAR", name: scalar.name, description: scalar.description, specifiedByURL: scalar.specifiedByURL,
                             fields: nil, interfaces: nil, possibleTypes: nil, enumValues: nil, inputFields: nil, isOneOf: nil)
        default:
            return NamedType(kind: "SCALAR", name: type.name, description: nil, specifiedByURL: nil,
                             fields: nil, interfaces: nil, possibleTypes: nil, enumValues: nil, inputFields: nil, isOneOf: nil)
        }
    }

    static func reference(_ type: GraphQLType) -> TypeRef {
        switch type {
        case let nonNull as GraphQLNonNull: return .nonNull(reference(nonNull.ofType))
        case let list as GraphQLList: return .list(reference(list.ofType))
        case let named as GraphQLNamedType: return .named(named.name)
        default: return .named(String(describing: type))
        }
    }

    /// A default value without an AST (built-in directives' arguments) as GraphQL text.
    static func literal(_ value: Map) -> String? {
        switch value {
        case .undefined: return nil
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(var number): return number.number.stringValue
        case .string(let text): return GraphQLResponseError.quoted(text)
        case .array(let items): return "[" + items.compactMap(literal).joined(separator: ", ") + "]"
        case .dictionary(let entries): return "{" + entries.map { "\($0.key): \(literal($0.value) ?? "null")" }.joined(separator: ", ") + "}"
        }
    }
}

extension IntrospectionModel {
    /// Every object, interface and input type, and every `Type.field` of them, outside the introspection
    /// types: what a role's schema holds, to tell a typo from a field another role sees.
    var names: Set<String> {
        var names = Set<String>()
        for (typeName, type) in types where !typeName.hasPrefix("__") {
            names.insert(typeName)
            for field in type.fields ?? [] { names.insert(typeName + "." + field.name) }
            for field in type.inputFields ?? [] { names.insert(typeName + "." + field.name) }
        }
        return names
    }

    /// The description of the `schema { … }` definition of an SDL text, if it has one.
    static func schemaDescription(sdl: String) -> String? {
        guard let document = try? parse(source: sdl) else { return nil }
        for definition in document.definitions {
            if let schema = definition as? SchemaDefinition { return schema.description?.value }
        }
        return nil
    }
}
