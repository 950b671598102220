import Catalog
import Planner

/// Group-by (issue 4 §3): the `…Groups` root fields with their dimension enums, key types, group types (count and
/// the entity's sum/avg/min/max), `having` and `orderBy` inputs; the dimensions are the planner's own
/// (`GroupDimension.fields`), so the schema offers exactly what the planner compiles.
enum GroupSection {
    static let title = "Group-by"

    /// The `…Groups` fields of `Query`, inserted before `planTarget`.
    static func rootFields(_ types: CatalogTypes) -> String {
        GroupDimension.fields.map { group in
            let entity = group.entity
            let asOf: String
            switch entity {
            case "Cluster":
                asOf = "\n    \"\"\"The day status, validity and revocation risks are judged on (default: today).\"\"\"\n    asOf: Date"
            case "Enterprise":
                asOf = "\n    \"\"\"The day titles are taken on, for QUALIFICATION_KIND: titles valid then (default: today).\"\"\"\n    asOf: Date"
            default:
                asOf = ""
            }
            return """
                  \"\"\"
                  Groups of \(entity) rows by one or more dimensions, each with its key and the aggregates of its rows:
                  `\(group.field)(groupBy: [...]) { key { ... } count sum { ... } }`. Rows are filtered by `where` before grouping,
                  groups by `having` after; default order: by the keys. At most `first` groups (default 100, at most 1000).
                  \"\"\"
                  \(group.field)(
                    \"\"\"The dimensions to group by (at least one; each at most once).\"\"\"
                    groupBy: [\(entity)GroupDimension!]!
                    \"\"\"Only rows matching this filter are grouped.\"\"\"
                    where: \(entity)Filter
                    \"\"\"Only groups whose aggregates match this filter are returned.\"\"\"
                    having: \(entity)GroupHaving
                    \"\"\"Sort order of the groups: single-key inputs on the count, an aggregate or a key; the keys are appended.\"\"\"
                    orderBy: [\(entity)GroupOrderBy!]
                    \"\"\"Return at most this many groups (default 100, at most 1000).\"\"\"
                    first: Int\(asOf)
                  ): [\(entity)Group!]!
                """
        }.joined(separator: "\n") + "\n"
    }

    static func lines(_ types: CatalogTypes) -> [String] {
        var lines: [String] = []
        for group in GroupDimension.fields {
            let entity = group.entity
            let parts = AggregateSection.parts(of: entity, types).present
            var dimensions = SDLBlock("enum", "\(entity)GroupDimension", "What \(group.field) can group by.")
            var key = SDLBlock("type", "\(entity)GroupKey",
                               "The key of one group of \(entity) rows: the grouped dimensions are set, the others null.")
            var keyOrder = SDLBlock("input", "\(entity)GroupKeyOrderBy", "Sort groups by a key of \(entity) groups (its code, year or text).")
            for (name, dimension) in group.dimensions {
                dimensions.add(dimension.description, name)
                key.add(dimension.description, "\(dimension.keyField): \(dimension.keyType)")
                keyOrder.add("Sort by `\(dimension.keyField)`.", "\(dimension.keyField): OrderDirection")
            }
            var groupType = SDLBlock("type", "\(entity)Group", "One group of \(entity) rows.")
            groupType.add("The values grouped on.", "key: \(entity)GroupKey!")
            groupType.add("Number of rows in the group.", "count: Int!")
            var having = SDLBlock("input", "\(entity)GroupHaving", "Conditions on the aggregates of a group of \(entity) rows (all must hold).")
            having.add("Condition on the number of rows.", "count: IntFilter")
            var order = SDLBlock("input", "\(entity)GroupOrderBy", "One sort key for \(entity) groups: set exactly one field.")
            order.add("Sort by the number of rows.", "count: OrderDirection")
            order.add("Sort by a key.", "key: \(entity)GroupKeyOrderBy")
            var perPart: [String] = []
            for (part, fields) in parts {
                let Part = part.capitalized
                groupType.add("\(part) of the numeric\(part == "min" || part == "max" ? " and date" : "") fields over the group.",
                              "\(part): \(entity)\(Part)Fields!")
                having.add("Conditions on the \(part) of fields.", "\(part): \(entity)\(Part)Having")
                order.add("Sort by the \(part) of a field.", "\(part): \(entity)\(Part)OrderBy")
                var partHaving = SDLBlock("input", "\(entity)\(Part)Having", "Conditions on the \(part) of \(entity) fields over a group.")
                var partOrder = SDLBlock("input", "\(entity)\(Part)OrderBy", "Sort groups by the \(part) of one \(entity) field.")
                for field in fields {
                    partHaving.add("Condition on the \(part) of `\(field.name)`.", "\(field.name): \(field.type)Filter")
                    partOrder.add("Sort by the \(part) of `\(field.name)`.", "\(field.name): OrderDirection")
                }
                perPart += partHaving.lines + partOrder.lines
            }
            lines += dimensions.lines + key.lines + groupType.lines + having.lines + perPart + keyOrder.lines + order.lines
        }
        return lines
    }
}
