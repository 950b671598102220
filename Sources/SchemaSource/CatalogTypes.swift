import Catalog
import GraphQL

/// The types the generated sections are written for, as the catalog defines them, with each field's place and
/// arguments as the hand-written SDL gives them (the public contract's order and wording). The two must agree field
/// by field; `init` says where they do not.
struct CatalogTypes {
    /// One field of an entity: the catalog says what it is, the SDL how it is declared.
    struct Field {
        let name: String
        let declared: FieldDefinition
        let field: EntityField
    }

    /// Table-backed entities (object types implementing `Node`), sorted by name.
    let entities: [String]
    /// Types whose rows policy-rule functions compute (no table, no id), sorted by name.
    let derived: [String]
    /// Each type's fields other than `id`, in the SDL's order.
    let fields: [String: [Field]]

    init(catalog: Catalog, sdl: SDLDocument) throws {
        entities = catalog.entities.values.filter { !$0.isComputed }.map(\.typeName).sorted()
        derived = catalog.entities.values.filter(\.isComputed).map(\.typeName).sorted()
        var problems: [String] = []
        let nodes = Set(sdl.objectTypes.filter { $0.interfaces.contains { $0.name.value == "Node" } }.map(\.name.value))
        for name in nodes.subtracting(entities).sorted() { problems.append("\(name) implements Node but the catalog has no entity \(name)") }
        for name in Set(entities).subtracting(nodes).sorted() { problems.append("the catalog's entity \(name) is not an object type implementing Node") }
        var fields: [String: [Field]] = [:]
        for name in entities + derived {
            guard let entity = catalog.entities[name], let type = sdl.objectType(name) else {
                problems.append("the catalog's type \(name) is not an object type of the schema")
                continue
            }
            var list: [Field] = []
            for declared in type.fields where declared.name.value != "id" {
                guard let field = entity.fields[declared.name.value] else {
                    problems.append("\(name).\(declared.name.value) is in the schema but not in the catalog")
                    continue
                }
                list.append(Field(name: declared.name.value, declared: declared, field: field))
            }
            let declaredNames = Set(type.fields.map(\.name.value))
            for missing in entity.fields.keys.filter({ !declaredNames.contains($0) }).sorted() {
                problems.append("\(name).\(missing) is in the catalog but not in the schema")
            }
            fields[name] = list
        }
        guard problems.isEmpty else { throw SchemaSourceError.catalogMismatch(problems) }
        self.fields = fields
    }

    func isEntity(_ name: String) -> Bool { entities.contains(name) }
    func isFilterable(_ name: String) -> Bool { entities.contains(name) || derived.contains(name) }
}

extension EntityField {
    /// The kind of a scalar or enum value field; nil for relations and computed rows.
    var valueKind: ScalarKind? {
        if case .value(let value) = self { return value.kind }
        return nil
    }

    /// false for value fields the catalog marks unsortable (they can be neither sorted nor filtered by).
    var isSortable: Bool {
        if case .value(let value) = self { return value.sortable }
        return true
    }
}
