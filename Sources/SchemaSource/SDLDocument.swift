import GraphQL

/// The parts of a parsed SDL document the generators and the role pruner read: type definitions by name, in order.
struct SDLDocument {
    let text: String
    let document: Document

    init(_ text: String) throws {
        self.text = text
        do {
            document = try parse(source: text)
        } catch {
            throw SchemaSourceError.unparsable(reason: "\(error)")
        }
    }

    var objectTypes: [ObjectTypeDefinition] { document.definitions.compactMap { $0 as? ObjectTypeDefinition } }

    func objectType(_ name: String) -> ObjectTypeDefinition? {
        objectTypes.first { $0.name.value == name }
    }
}

extension GraphQL.`Type` {
    /// The named type inside the list and non-null wrappers.
    var namedType: String {
        switch self {
        case let named as NamedType: return named.name.value
        case let list as ListType: return list.type.namedType
        case let nonNull as NonNullType: return nonNull.type.namedType
        default: return ""
        }
    }

    /// The type as SDL writes it, e.g. `[ClusterStatus!]`.
    var sdl: String {
        switch self {
        case let named as NamedType: return named.name.value
        case let list as ListType: return "[\(list.type.sdl)]"
        case let nonNull as NonNullType: return nonNull.type.sdl + "!"
        default: return ""
        }
    }

    /// true for `[T]` and `[T]!`.
    var isList: Bool {
        switch self {
        case is ListType: return true
        case let nonNull as NonNullType: return nonNull.type is ListType
        default: return false
        }
    }

    /// true for `T!` and `[T]!`.
    var isNonNull: Bool { self is NonNullType }
}

/// Why a schema could not be generated or derived: each names what to fix.
public enum SchemaSourceError: Error, CustomStringConvertible, Equatable {
    case unparsable(reason: String)
    case catalogMismatch([String])
    case missingAnchor(String)
    case noPolicy(path: String)
    case unreadablePolicy(path: String, reason: String)
    case unknownName(role: String, name: String)
    case invalidResult(role: String, reason: String)

    public var description: String {
        switch self {
        case .unparsable(let reason):
            return "the schema is not valid SDL: \(reason)"
        case .catalogMismatch(let problems):
            return "the schema's hand-written types and the catalog disagree:\n  " + problems.joined(separator: "\n  ")
        case .missingAnchor(let what):
            return "the schema has no \(what), which the generated sections are placed by"
        case .noPolicy(let path):
            return "no role policy at \(path): the role schemas are derived from it (schema/roles.json), and without it "
                + "the server would have to guess what anonymous requests may see"
        case .unreadablePolicy(let path, let reason):
            return "the role policy \(path) cannot be read: \(reason)"
        case .unknownName(let role, let name):
            return "roles.json hides \(name) from \(role), but the schema has no such type, field or argument"
        case .invalidResult(let role, let reason):
            return "the schema derived for \(role) is not valid: \(reason)"
        }
    }
}
