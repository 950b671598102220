import Catalog
import GraphQL
import Planner

/// Compares the SDL schema with the catalog, so a field the compiler cannot answer (or a mapping the
/// schema does not expose) is found at start-up, named, instead of failing a request later.
enum CatalogSchemaCheck {
    /// - Parameter complete: true for the full schema, which must expose every catalog mapping; false for a
    ///   role's subset, whose every field must still be mapped.
    static func problems(schema: GraphQLSchema, catalog: Catalog, complete: Bool = true) -> [String] {
        var problems: [String] = []
        let queryFields = Set(((try? schema.queryType?.fields()) ?? [:]).keys)
        for name in queryFields.subtracting(catalog.rootFields.keys).sorted() {
            problems.append("Query.\(name) has no mapping in the catalog")
        }
        // A subscription asks what a query asks: the same root fields.
        let subscriptionFields = Set(((try? schema.subscriptionType?.fields()) ?? [:]).keys)
        for name in subscriptionFields.subtracting(catalog.rootFields.keys).sorted() {
            problems.append("Subscription.\(name) has no mapping in the catalog")
        }
        let mutationFields = Set(((try? schema.mutationType?.fields()) ?? [:]).keys)
        for name in mutationFields.subtracting(catalog.mutations.keys).sorted() {
            problems.append("Mutation.\(name) has no mapping in the catalog")
        }
        for name in Set(catalog.rootFields.keys).subtracting(queryFields).sorted() where complete {
            problems.append("the catalog maps Query.\(name), which the schema does not have")
        }
        for (typeName, entity) in catalog.entities.sorted(by: { $0.key < $1.key }) {
            guard let type = schema.getType(name: typeName) as? GraphQLObjectType else {
                if complete { problems.append("the catalog maps type \(typeName), which the schema does not have") }
                continue
            }
            let schemaFields = Set(((try? type.fields()) ?? [:]).keys).subtracting(["id"])
            for name in schemaFields.subtracting(entity.fields.keys).sorted() {
                problems.append("\(typeName).\(name) has no mapping in the catalog")
            }
            for name in Set(entity.fields.keys).subtracting(schemaFields).sorted() where complete {
                problems.append("the catalog maps \(typeName).\(name), which the schema does not have")
            }
        }
        return problems
    }
}
