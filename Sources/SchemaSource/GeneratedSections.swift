import Catalog
import GraphQL

/// The generated sections of `schema/schema.graphql`, from the catalog the planner compiles with: ordering, filtering,
/// aggregates and group-by, each appended after the hand-written types, plus the arguments and fields they add to
/// those types (`orderBy` and `where` on every connection field, `aggregate` on every connection, the `…Groups` root
/// fields, `distribution(where:)`).
///
/// The hand-written types are the public contract's wording and order; what is generated from them is decided by the
/// catalog alone (which fields exist, their kinds, which can be sorted or filtered, which types are computed by
/// policy-rule functions, the group dimensions), so the schema cannot offer what the planner does not compile.
/// `qunji schema generate` writes the result; `--check` (in CI) fails when the committed file differs.
public enum GeneratedSections {
    /// The schema with its generated sections rewritten; idempotent.
    public static func regenerate(_ sdl: String, catalog: Catalog) throws -> String {
        let base = try SDLDocument(try handWritten(sdl))
        let types = try CatalogTypes(catalog: catalog, sdl: base)
        var edits = SDLEdits(base.text)
        try addArgumentsAndFields(base, types, &edits)
        var text = edits.applied()
        while text.hasSuffix("\n") { text.removeLast() }
        let sections: [(String, [String])] = [
            (OrderSection.title, OrderSection.lines(types)),
            (FilterSection.title, FilterSection.lines(types)),
            (AggregateSection.title, AggregateSection.lines(types)),
            (GroupSection.title, GroupSection.lines(types)),
        ]
        let subscription = try SubscriptionSection.lines(queryOf: text)
        for (title, lines) in sections + [(SubscriptionSection.title, subscription)] {
            text += "\n\n" + marker(title) + "\n\n" + lines.joined(separator: "\n")
            while text.hasSuffix("\n") { text.removeLast() }
        }
        return text + "\n"
    }

    static func marker(_ title: String) -> String {
        "# ---- \(title) (generated from the catalog by `qunji schema generate`: do not edit) ----"
    }

    /// The schema without its generated sections and without what they added to the hand-written types.
    static func handWritten(_ sdl: String) throws -> String {
        // Everything from the first generated section's marker on (a hand-written `# ---- ` comment stays).
        var lines = sdl.split(separator: "\n", omittingEmptySubsequences: false)
        if let cut = lines.firstIndex(where: { $0.hasPrefix("# ---- ") && $0.contains("(generated") }) {
            lines.removeSubrange(cut...)
        }
        let text = lines.joined(separator: "\n")
        let document = try SDLDocument(text)
        var edits = SDLEdits(text)
        for type in document.objectTypes {
            for field in type.fields {
                if type.name.value == "Query", field.name.value.hasSuffix("Groups"), says(field.description, "Groups of ") {
                    edits.remove(field.loc)
                    continue
                }
                if type.name.value.hasSuffix("Connection"), field.name.value == "aggregate",
                   says(field.description, "Aggregates over the whole filtered list") {
                    edits.remove(field.loc)
                }
                for argument in field.arguments {
                    let generated = argument.name.value == "orderBy" && says(argument.description, "Sort order: a list of")
                        || argument.name.value == "where" && (says(argument.description, "Only items matching this filter")
                            || says(argument.description, "Only clusters matching this filter count."))
                    if generated { edits.remove(argument.loc) }
                }
            }
        }
        return edits.applied()
    }

    private static func says(_ description: StringValue?, _ prefix: String) -> Bool {
        description?.value.hasPrefix(prefix) ?? false
    }

    private static func addArgumentsAndFields(_ base: SDLDocument, _ types: CatalogTypes, _ edits: inout SDLEdits) throws {
        for type in base.objectTypes {
            let typeName = type.name.value
            for field in type.fields {
                let named = field.type.namedType
                // Every connection field of an entity: orderBy, then where, after its last argument.
                if named.hasSuffix("Connection"), types.isEntity(String(named.dropLast("Connection".count))),
                   let last = field.arguments.last?.loc {
                    let entity = String(named.dropLast("Connection".count))
                    edits.insert(OrderSection.argument(entity) + FilterSection.argument(entity), at: last.end)
                }
                if typeName.hasSuffix("Connection"), field.name.value == "pageInfo", let loc = field.loc,
                   types.isEntity(String(typeName.dropLast("Connection".count))) {
                    edits.insert(AggregateSection.field(String(typeName.dropLast("Connection".count))), at: loc.end)
                }
                if typeName == "Query", field.name.value == "distribution" {
                    guard let asOf = field.arguments.first(where: { $0.name.value == "asOf" })?.loc else {
                        throw SchemaSourceError.missingAnchor("argument Query.distribution(asOf:)")
                    }
                    edits.insert(FilterSection.distributionArgument, at: asOf.end)
                }
            }
        }
        guard let planTarget = base.objectType("Query")?.fields.first(where: { $0.name.value == "planTarget" })?.loc else {
            throw SchemaSourceError.missingAnchor("field Query.planTarget")
        }
        edits.insert(GroupSection.rootFields(types), at: edits.lineStart(of: planTarget.start))
    }
}
