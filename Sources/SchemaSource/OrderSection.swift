import Catalog

/// Ordering: the `OrderDirection` enum, one `<Type>OrderBy` input per entity (its sortable scalar and enum fields,
/// and its to-one relations as nested inputs), and the `orderBy` argument every connection field takes.
enum OrderSection {
    static let title = "Ordering"

    /// The `orderBy` argument of a connection field of `entity`, as inserted after the field's last argument.
    static func argument(_ entity: String) -> String {
        """

            \"\"\"
            Sort order: a list of single-key inputs applied in turn, e.g. `[{name: ASC}]`, or a related row's field
            `[{county: {name: DESC}}]`. The key is always appended as the last tie-breaker, so the order is total and
            cursors stay stable. An input with no key or with two keys is an error; a cursor is valid only with the
            order it was issued under.
            \"\"\"
            orderBy: [\(entity)OrderBy!]
        """
    }

    static func lines(_ types: CatalogTypes) -> [String] {
        var direction = SDLBlock("enum", "OrderDirection",
                                 "Direction of one sort key. Without a NULLS suffix, nulls sort as PostgreSQL does: last for ASC, first for DESC.")
        direction.add("Ascending (nulls last).", "ASC")
        direction.add("Descending (nulls first).", "DESC")
        direction.add("Ascending, nulls first.", "ASC_NULLS_FIRST")
        direction.add("Ascending, nulls last.", "ASC_NULLS_LAST")
        direction.add("Descending, nulls first.", "DESC_NULLS_FIRST")
        direction.add("Descending, nulls last.", "DESC_NULLS_LAST")
        var lines = direction.lines
        for name in types.entities {
            var block = SDLBlock("input", "\(name)OrderBy", "One sort key for lists of \(name): set exactly one field.")
            for field in types.fields[name] ?? [] where field.field.isSortable && !field.declared.type.isList {
                if field.field.valueKind != nil {
                    block.add("Sort by `\(field.name)`.", "\(field.name): OrderDirection")
                } else if let target = toOneEntity(field.field), types.isEntity(target) {
                    block.add("Sort by a field of the related `\(field.name)` (\(target)); rows without one sort as nulls.",
                              "\(field.name): \(target)OrderBy")
                }
            }
            lines += block.lines
        }
        return lines
    }

    /// The type of a field that is one related row (a relation, or a single computed row).
    static func toOneEntity(_ field: EntityField) -> String? {
        switch field {
        case .object(let relation): return relation.target
        case .derived(let rows) where rows.single: return rows.target
        default: return nil
        }
    }
}
