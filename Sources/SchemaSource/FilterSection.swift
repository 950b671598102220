import Catalog
import GraphQL

/// Filtering: typed operator inputs (`IntFilter` … `BooleanFilter`, one per enum the entities use), one
/// `<Type>Filter` per entity and computed type (and/or/not, an operator input per scalar field, the related type's
/// filter for to-one relations, some/every/none/count for lists), inputs carrying a computed field's arguments, and
/// the `where` argument every connection field takes.
enum FilterSection {
    static let title = "Filtering"

    /// The `where` argument of a connection field of `entity`, inserted after its `orderBy`.
    static func argument(_ entity: String) -> String {
        """

            \"\"\"
            Only items matching this filter (all conditions of one input object must hold; use `or` for
            alternatives). Counts, pages and cursors all apply to the filtered list.
            \"\"\"
            where: \(entity)Filter
        """
    }

    /// `distribution(where:)`, inserted after its `asOf`.
    static let distributionArgument = "\n    \"\"\"Only clusters matching this filter count.\"\"\"\n    where: ClusterFilter"

    private typealias Operator = (name: String, description: String)
    private static let common: [Operator] = [
        ("eq", "Equal to the value."),
        ("ne", "Not equal to the value (rows where the field is null never match, as in SQL)."),
        ("in", "Equal to one of the values; an empty list matches nothing."),
        ("notIn", "Equal to none of the values; an empty list matches every non-null value."),
    ]
    private static let ordered: [Operator] = [
        ("lt", "Less than the value."), ("lte", "Less than or equal to the value."),
        ("gt", "Greater than the value."), ("gte", "Greater than or equal to the value."),
    ]
    private static let isNull: [Operator] = [("isNull", "true: only rows where the field is null; false: only rows where it is not.")]
    private static let text: [Operator] = [
        ("like", "SQL LIKE pattern, case-sensitive: `%` any run of characters, `_` one character."),
        ("ilike", "SQL ILIKE pattern: like `like`, ignoring case."),
        ("startsWith", "Starts with the text (taken literally: `%` and `_` are not wildcards)."),
        ("contains", "Contains the text (taken literally)."),
        ("istartsWith", "Starts with the text, ignoring case."),
        ("icontains", "Contains the text, ignoring case."),
    ]

    private static func operatorInput(_ name: String, _ scalar: String, _ operators: [Operator], _ description: String) -> SDLBlock {
        var block = SDLBlock("input", name, "\(description) Operators combine with AND; a null operand is ignored (GraphQL: null means absent).")
        for op in operators {
            let type = op.name == "in" || op.name == "notIn" ? "[\(scalar)!]" : op.name == "isNull" ? "Boolean" : scalar
            block.add(op.description, "\(op.name): \(type)")
        }
        return block
    }

    /// The operator input of a scalar or enum.
    static func operatorInputName(_ kind: ScalarKind) -> String { kind.graphQLTypeName + "Filter" }

    static func lines(_ types: CatalogTypes) -> [String] {
        var blocks: [SDLBlock] = [
            operatorInput("IntFilter", "Int", common + ordered + isNull, "Conditions on an Int field."),
            operatorInput("FloatFilter", "Float", common + ordered + isNull, "Conditions on a Float field."),
            operatorInput("DecimalFilter", "Decimal", common + ordered + isNull, "Conditions on a Decimal field (compared exactly, as numeric)."),
            operatorInput("DateFilter", "Date", common + ordered + isNull, "Conditions on a Date field (YYYY-MM-DD)."),
            operatorInput("StringFilter", "String", common + ordered + isNull + text,
                          "Conditions on a String field (ordering comparisons use the database's collation)."),
            operatorInput("IDFilter", "ID", common + isNull, "Conditions on an ID field."),
            operatorInput("BooleanFilter", "Boolean", [common[0], common[1]] + isNull, "Conditions on a Boolean field."),
        ]
        // The enums entity fields use (not the planner's own enums such as OrderDirection).
        var enums: Set<String> = []
        for name in types.entities + types.derived {
            for field in types.fields[name] ?? [] where !field.declared.type.isList {
                if case .enumeration(let e) = field.field.valueKind { enums.insert(e) }
            }
        }
        for e in enums.sorted() {
            blocks.append(operatorInput("\(e)Filter", e, common + isNull, "Conditions on a \(e) field."))
        }
        var withArguments: [(block: SDLBlock, base: String)] = []
        for name in types.entities + types.derived {
            var block = SDLBlock("input", "\(name)Filter", "Conditions on \(name) rows: every field set here must hold (AND).")
            block.add("All of these filters hold; an empty list is true.", "and: [\(name)Filter!]")
            block.add("At least one of these filters holds; an empty list is false.", "or: [\(name)Filter!]")
            block.add("This filter does not hold.", "not: \(name)Filter")
            for field in types.fields[name] ?? [] where field.field.isSortable {
                add(field, of: name, to: &block, arguments: &withArguments, types: types)
            }
            blocks.append(block)
            blocks.append(listFilter(name, of: types.isEntity(name) ? "related" : "computed"))
        }
        // A field with arguments gets an input of its own: the arguments, then the base filter's conditions (an
        // argument of the same name wins).
        for (var block, base) in withArguments {
            let arguments = Set(block.members.map(\.name))
            for member in blocks.first(where: { $0.name == base })?.members ?? [] where !arguments.contains(member.name) {
                block.members.append(member)
            }
            blocks.append(block)
        }
        return blocks.flatMap(\.lines)
    }

    private static func add(_ field: CatalogTypes.Field, of owner: String, to block: inout SDLBlock,
                            arguments: inout [(block: SDLBlock, base: String)], types: CatalogTypes) {
        let name = field.name
        if let kind = field.field.valueKind {
            block.add("Condition on `\(name)`.", "\(name): \(operatorInputName(kind))")
            return
        }
        switch field.field {
        case .connection(let relation):
            block.add("Conditions on the related `\(name)` (\(relation.target)): some, every or none of them match.",
                      "\(name): \(relation.target)ListFilter")
        case .object(let relation) where types.isFilterable(relation.target):
            add(field, target: relation.target, isList: false, of: owner, to: &block, arguments: &arguments)
        case .derived(let rows) where types.isFilterable(rows.target):
            add(field, target: rows.target, isList: !rows.single, of: owner, to: &block, arguments: &arguments)
        default:
            break
        }
    }

    private static func add(_ field: CatalogTypes.Field, target: String, isList: Bool, of owner: String,
                            to block: inout SDLBlock, arguments: inout [(block: SDLBlock, base: String)]) {
        let name = field.name
        let base = isList ? "\(target)ListFilter" : "\(target)Filter"
        guard !field.declared.arguments.isEmpty else {
            block.add(isList ? "Conditions on `\(name)`: some, every or none of them match."
                             : "The related `\(name)` exists and matches this filter.", "\(name): \(base)")
            return
        }
        let inputName = owner + name.prefix(1).uppercased() + name.dropFirst() + "Filter"
        block.add("Conditions on `\(name)` (with its arguments): \(isList ? "some, every or none of them match" : "it matches").",
                  "\(name): \(inputName)")
        var input = SDLBlock("input", inputName,
                             "Conditions on `\(owner).\(name)`: the field's arguments, then conditions on its result.")
        for argument in field.declared.arguments {
            input.add("As the `\(argument.name.value)` argument of `\(name)`.", "\(argument.name.value): \(argument.type.sdl)")
        }
        arguments.append((input, base))
    }

    private static func listFilter(_ name: String, of which: String) -> SDLBlock {
        var block = SDLBlock("input", "\(name)ListFilter", "Conditions on a list of \(which) \(name) rows.")
        block.add("At least one row matches (with an empty filter: at least one exists).", "some: \(name)Filter")
        block.add("Every row matches (true when there are none).", "every: \(name)Filter")
        block.add("No row matches (with an empty filter: none exists).", "none: \(name)Filter")
        block.add("How many rows there are (those matching `where`, when given), e.g. `{count: {gte: 2}}`.", "count: IntFilter")
        block.add("Which rows `count` counts.", "where: \(name)Filter")
        return block
    }
}
