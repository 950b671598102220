import Engine

/// A GraphQL `data` object turned into tables for people and spreadsheets.
///
/// The rules, meant to do the obvious thing for the queries analysts write:
/// - each root field becomes a table named after it;
/// - a list, or a connection's `nodes` (or `edges[].node`), gives one row per item; a connection's other
///   scalars (`totalCount`, …) become the table's caption;
/// - an object that is not a list gives one row, and each list of objects inside it becomes a table of its own
///   (`targetProgress.byYear`);
/// - inside a row, nested objects become dotted columns (`prefecture.name`) and lists of scalars are joined with
///   `, `; a list of objects (or a connection's nodes) inside a row becomes a table of its own, named
///   `table.field`, whose `row` column is the number of the row it belongs to, so no item is squeezed into a cell
///   (the row keeps the number of items, and a connection's `totalCount`);
/// - a column for an object that is null in some rows is dropped where other rows have its fields as columns
///   (`key.fund` beside `key.fund.name`): the fields' cells are empty in those rows.
public struct ResultTable {
    public var name: String
    public var caption: [(String, String)] = []
    public var columns: [String] = []
    public var rows: [[String: String]] = []
    /// Columns holding anything but JSON numbers (and nulls): left-aligned. Codes such as "520300" are strings
    /// in the answer and stay left-aligned although they look like numbers.
    public var textColumns: Set<String> = []

    public static func tables(fromData data: JSONValue) -> [ResultTable] {
        guard case .object(let roots) = data else { return [] }
        var tables: [ResultTable] = []
        for (key, value) in roots { collect(name: key, value: value, into: &tables) }
        return tables
    }

    private static func collect(name: String, value: JSONValue, into tables: inout [ResultTable]) {
        var table = ResultTable(name: name)
        switch value {
        case .array(let items):
            let children = table.add(items)
            tables.append(table)
            tables += children
        case .object(let members):
            if let items = listItems(value) {
                for (key, member) in members where key != "nodes" && key != "edges" && key != "pageInfo" {
                    if case .object = member { continue }
                    table.caption.append((key, member.cellText))
                }
                if let pageInfo = value["pageInfo"], case .object(let info) = pageInfo {
                    for (key, member) in info { table.caption.append(("pageInfo." + key, member.cellText)) }
                }
                let children = table.add(items)
                tables.append(table)
                tables += children
                return
            }
            // One object: its scalars as one row, each list of objects as a table of its own.
            var row: [String: String] = [:]
            var nested: [(String, JSONValue)] = []
            for (key, member) in members {
                if isListOfObjects(member) { nested.append((key, member)); continue }
                flatten(member, prefix: key, into: &row, columns: &table.columns, textColumns: &table.textColumns)
            }
            if !table.columns.isEmpty {
                table.rows = [row]
                tables.append(table)
            }
            for (key, member) in nested { collect(name: name + "." + key, value: member, into: &tables) }
        default:
            table.columns = [name]
            table.rows = [[name: value.cellText]]
            if case .number = value {} else { table.textColumns = [name] }
            tables.append(table)
        }
    }

    /// The items of a list or a connection, or nil.
    private static func listItems(_ value: JSONValue) -> [JSONValue]? {
        switch value {
        case .array(let items): return items
        case .object:
            if case .array(let nodes)? = value["nodes"] { return nodes }
            if case .array(let edges)? = value["edges"] { return edges.map { $0["node"] ?? $0 } }
            return nil
        default: return nil
        }
    }

    private static func isListOfObjects(_ value: JSONValue) -> Bool {
        guard let items = listItems(value) else { return false }
        return items.contains { if case .object = $0 { return true } else { return false } }
    }

    /// Adds one row per item and returns the tables of the lists of objects inside the rows (`name.field`, with the
    /// `row` each item belongs to), in the order their fields were met.
    private mutating func add(_ items: [JSONValue]) -> [ResultTable] {
        var children: [String: ResultTable] = [:]
        var childOrder: [String] = []
        for item in items {
            var row: [String: String] = [:]
            if case .object(let members) = item {
                for (key, member) in members {
                    guard Self.isListOfObjects(member), let nestedItems = Self.listItems(member) else {
                        Self.flatten(member, prefix: key, into: &row, columns: &columns, textColumns: &textColumns)
                        continue
                    }
                    // The row keeps how many there are; the items go to the child table, each tagged with this row.
                    if let total = member["totalCount"] { Self.set(key + ".totalCount", total.cellText, number: true, row: &row, columns: &columns, textColumns: &textColumns) }
                    Self.set(key, "\(nestedItems.count) → \(name).\(key)", number: false, row: &row, columns: &columns, textColumns: &textColumns)
                    let childName = name + "." + key
                    if children[childName] == nil {
                        children[childName] = ResultTable(name: childName, columns: ["row"])
                        childOrder.append(childName)
                    }
                    let tagged = nestedItems.map { nested -> JSONValue in
                        guard case .object(let fields) = nested else { return .object([("row", .number(String(rows.count + 1))), ("value", nested)]) }
                        return .object([("row", .number(String(rows.count + 1)))] + fields)
                    }
                    let grandchildren = children[childName]?.add(tagged) ?? []
                    for grandchild in grandchildren where children[grandchild.name] == nil {
                        children[grandchild.name] = grandchild
                        childOrder.append(grandchild.name)
                    }
                }
            } else {
                Self.flatten(item, prefix: "value", into: &row, columns: &columns, textColumns: &textColumns)
            }
            rows.append(row)
        }
        dropObjectColumns()
        return childOrder.compactMap { children[$0] }
    }

    /// Drops a column whose name is the prefix of other columns (`key.fund` beside `key.fund.name`): it came from
    /// rows where that object is null, and the fields' empty cells already say so.
    private mutating func dropObjectColumns() {
        let all = columns
        columns = all.filter { column in !all.contains { $0.hasPrefix(column + ".") } || rows.contains { !($0[column] ?? "").isEmpty } }
    }

    private static func set(_ column: String, _ text: String, number: Bool, row: inout [String: String], columns: inout [String],
                            textColumns: inout Set<String>) {
        if !columns.contains(column) { columns.append(column) }
        if !number { textColumns.insert(column) }
        row[column] = text
    }

    private static func flatten(_ value: JSONValue, prefix: String, into row: inout [String: String], columns: inout [String],
                                textColumns: inout Set<String>) {
        func set(_ column: String, _ text: String, number: Bool = false) {
            if !columns.contains(column) { columns.append(column) }
            if !number { textColumns.insert(column) }
            row[column] = text
        }
        switch value {
        case .object(let members):
            if let items = listItems(value) {
                if let total = value["totalCount"] { set(prefix + ".totalCount", total.cellText, number: true) }
                set(prefix, describe(items))
            } else if members.isEmpty {
                set(prefix, "")
            } else {
                for (key, member) in members {
                    flatten(member, prefix: prefix + "." + key, into: &row, columns: &columns, textColumns: &textColumns)
                }
            }
        case .array(let items):
            set(prefix, describe(items))
        case .number, .null:
            set(prefix, value.cellText, number: true)
        default:
            set(prefix, value.cellText)
        }
    }

    /// A list in one cell: scalars joined with `, `; objects as their flattened values, items joined with `; `.
    private static func describe(_ items: [JSONValue]) -> String {
        let isScalar = items.allSatisfy { if case .object = $0 { return false } else { return true } }
        if isScalar { return items.map(\.cellText).joined(separator: ", ") }
        return items.map { item -> String in
            var row: [String: String] = [:]
            var columns: [String] = []
            var textColumns: Set<String> = []
            flatten(item, prefix: "", into: &row, columns: &columns, textColumns: &textColumns)
            return columns.compactMap { row[$0] }.filter { !$0.isEmpty }.joined(separator: " ")
        }.joined(separator: "; ")
    }
}
