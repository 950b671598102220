import Catalog

/// Aggregates: for every entity T, `TAggregate { count sum avg min max }` with `TSumFields`/`TAvgFields` over its
/// numeric fields and `TMinFields`/`TMaxFields` over its numeric and date fields, and `aggregate: TAggregate!` on
/// `TConnection`.
enum AggregateSection {
    static let title = "Aggregates"

    /// `aggregate` on a connection type, inserted after its `pageInfo`.
    static func field(_ entity: String) -> String {
        """

          \"\"\"
          Aggregates over the whole filtered list (every row matching `where`), not only the page.
          \"\"\"
          aggregate: \(entity)Aggregate!
        """
    }

    /// What can be aggregated over one entity's rows: the fields each of sum/avg/min/max covers, with the type of the
    /// aggregate's value.
    struct Parts {
        /// Numeric fields (Int, Float, Decimal): sum and avg.
        var numeric: [(name: String, type: String)] = []
        /// Numeric and date fields: min and max.
        var ordered: [(name: String, type: String)] = []

        /// The parts present, in the schema's order, with the fields each covers and their value types.
        var present: [(part: String, fields: [(name: String, type: String)])] {
            var parts: [(String, [(name: String, type: String)])] = []
            if !numeric.isEmpty {
                parts.append(("sum", numeric))
                parts.append(("avg", numeric.map { ($0.name, "Float") }))
            }
            if !ordered.isEmpty {
                parts.append(("min", ordered))
                parts.append(("max", ordered))
            }
            return parts
        }
    }

    static func parts(of entity: String, _ types: CatalogTypes) -> Parts {
        var parts = Parts()
        for field in types.fields[entity] ?? [] where !field.declared.type.isList {
            switch field.field.valueKind {
            case .int?, .float?, .decimal?:
                let type = field.field.valueKind?.graphQLTypeName ?? ""
                parts.numeric.append((field.name, type))
                parts.ordered.append((field.name, type))
            case .date?:
                parts.ordered.append((field.name, "Date"))
            default:
                break
            }
        }
        return parts
    }

    static func lines(_ types: CatalogTypes) -> [String] {
        var lines: [String] = []
        for name in types.entities {
            let parts = parts(of: name, types)
            var aggregate = SDLBlock("type", "\(name)Aggregate", "Aggregates over a list of \(name) rows.")
            aggregate.add("Number of rows.", "count: Int!")
            if !parts.numeric.isEmpty {
                aggregate.add("Sums of the numeric fields (nulls ignored; null when no row has a value).", "sum: \(name)SumFields!")
                aggregate.add("Averages of the numeric fields (nulls ignored).", "avg: \(name)AvgFields!")
            }
            if !parts.ordered.isEmpty {
                aggregate.add("Smallest values of the numeric and date fields.", "min: \(name)MinFields!")
                aggregate.add("Largest values of the numeric and date fields.", "max: \(name)MaxFields!")
            }
            lines += aggregate.lines
            let says = ["sum": ("Sums", "Sum of"), "avg": ("Averages", "Average of"), "min": ("Smallest values", "Smallest"),
                        "max": ("Largest values", "Largest")]
            for (part, fields) in parts.present {
                let (plural, single) = says[part] ?? ("", "")
                var block = SDLBlock("type", "\(name)\(part.capitalized)Fields", "\(plural) over a list of \(name) rows.")
                for field in fields { block.add("\(single) `\(field.name)`.", "\(field.name): \(field.type)") }
                lines += block.lines
            }
        }
        return lines
    }
}
