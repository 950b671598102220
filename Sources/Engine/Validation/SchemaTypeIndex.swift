import GraphQL
import Planner

/// The schema's named types and the declared output type of every field of every object and
/// interface type, computed once per schema.
///
/// Why this exists: in GraphQL 4.3.0 the cached field map (`getFields()`) and `TypeInfo` are
/// internal; the public `GraphQLObjectType.fields` / `GraphQLInterfaceType.fields` is the closure
/// the schema was built from, and for a schema built from SDL it rebuilds every field, argument
/// and wrapper type on each call. Validation asks for field types many times per document, so it
/// reads them from this index instead.
///
/// Immutable after `init`, hence `Sendable`: build it once at startup and share it between
/// requests (the document cache does).
public final class SchemaTypeIndex: Sendable {
    public let schema: GraphQLSchema
    let types: [String: IndexedType]
    let queryTypeName: String?
    let mutationTypeName: String?
    let subscriptionTypeName: String?

    public init(schema: GraphQLSchema) {
        self.schema = schema
        var types: [String: IndexedType] = [:]
        for (name, type) in schema.typeMap {
            types[name] = IndexedType(type)
        }
        self.types = types
        queryTypeName = schema.queryType?.name
        mutationTypeName = schema.mutationType?.name
        subscriptionTypeName = schema.subscriptionType?.name
    }

    /// The named type called `name`, or nil when the schema has none (unknown types are reported by
    /// `KnownTypeNamesRule`; here they simply carry no type information).
    func type(named name: String) -> IndexedType? {
        types[name]
    }

    /// The root type an operation of this kind selects on.
    func rootType(for operation: OperationType) -> IndexedType? {
        let name: String?
        switch operation {
        case .query: name = queryTypeName
        case .mutation: name = mutationTypeName
        case .subscription: name = subscriptionTypeName
        }
        return name.flatMap { types[$0] }
    }

    /// The named type of the selection set below `field` selected on `parent`, as graphql-js's
    /// `TypeInfo` computes it: meta fields included (`__schema`/`__type` on the query root), and nil
    /// unless that type is composite.
    func compositeTypeOfSelection(on parent: IndexedType?, fieldName: String) -> IndexedType? {
        guard let parent, parent.isComposite else { return nil }
        let namedTypeName: String?
        switch fieldName {
        case "__schema" where parent.name == queryTypeName:
            namedTypeName = "__Schema"
        case "__type" where parent.name == queryTypeName:
            namedTypeName = "__Type"
        case "__typename":
            namedTypeName = nil
        default:
            namedTypeName = parent.fieldTypes[fieldName].flatMap { getNamedType(type: $0)?.name }
        }
        guard let namedTypeName, let type = types[namedTypeName], type.isComposite else { return nil }
        return type
    }
}

/// What validation needs to know about one named type.
struct IndexedType: Sendable {
    enum Kind: Sendable { case object, interface, union, leaf, inputObject }

    let name: String
    let kind: Kind
    /// Declared output types of the fields, for object and interface types; empty otherwise.
    let fieldTypes: [String: any GraphQLOutputType]

    init(_ type: any GraphQLNamedType) {
        name = type.name
        switch type {
        case let object as GraphQLObjectType:
            kind = .object
            fieldTypes = Self.fieldTypes(of: (try? object.fields()) ?? [:])
        case let interface as GraphQLInterfaceType:
            kind = .interface
            fieldTypes = Self.fieldTypes(of: (try? interface.fields()) ?? [:])
        case is GraphQLUnionType:
            kind = .union
            fieldTypes = [:]
        case is GraphQLInputObjectType:
            kind = .inputObject
            fieldTypes = [:]
        default:
            kind = .leaf
            fieldTypes = [:]
        }
    }

    var isComposite: Bool { kind == .object || kind == .interface || kind == .union }
    var isObject: Bool { kind == .object }
    /// Object and interface types declare fields; graphql-js looks definitions up only on these.
    var hasFields: Bool { kind == .object || kind == .interface }

    private static func fieldTypes(of fields: GraphQLFieldMap) -> [String: any GraphQLOutputType] {
        var result: [String: any GraphQLOutputType] = [:]
        result.reserveCapacity(fields.count)
        for (name, field) in fields {
            result[name] = field.type
        }
        return result
    }
}
