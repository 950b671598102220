import Catalog

/// What the schema's generated sections are generated from (`qunji schema catalog`): the catalog and the planner's own
/// tables, as JSON for scripts/generate-*.py, so the group dimensions, the rule-backed types and the fields that
/// cannot be filtered or sorted are written once, here, and the SDL cannot drift from what the planner compiles.
package struct CatalogDescription: Encodable, Sendable {
    package struct GroupField: Encodable, Sendable {
        let field: String
        let entity: String
        let dimensions: [Dimension]
    }

    package struct Dimension: Encodable, Sendable {
        let name: String
        let keyField: String
        let keyType: String
        let description: String
    }

    package struct FieldName: Encodable, Sendable {
        let type: String
        let field: String
    }

    /// `…Groups` root fields, in the schema's order.
    let groups: [GroupField]
    /// Types whose rows a policy-rule function computes (no table, no id): filterable inside the fields returning them.
    let derivedTypes: [String]
    /// Value fields that can be neither sorted nor filtered by (a JSON text).
    let unsortable: [FieldName]

    package init(catalog: Catalog) {
        groups = GroupDimension.fields.map { field in
            GroupField(field: field.field, entity: field.entity, dimensions: field.dimensions.map { name, dimension in
                Dimension(name: name, keyField: dimension.keyField, keyType: dimension.keyType, description: dimension.description)
            })
        }
        derivedTypes = catalog.entities.values.filter(\.isComputed).map(\.typeName).sorted()
        var unsortable: [FieldName] = []
        for entity in catalog.entities.values.sorted(by: { $0.typeName < $1.typeName }) {
            for (name, field) in entity.fields.sorted(by: { $0.key < $1.key }) {
                if case .value(let value) = field, !value.sortable { unsortable.append(FieldName(type: entity.typeName, field: name)) }
            }
        }
        self.unsortable = unsortable
    }
}
