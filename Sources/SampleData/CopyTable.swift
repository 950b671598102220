/// Rows for one `COPY table (columns) FROM STDIN`, as PostgreSQL text values (nil is NULL).
///
/// The generator produces text because COPY takes text: typing each value through Swift and back
/// would only add a place for the two to disagree. The column list is fixed per table, and `append`
/// refuses a row of the wrong width so a mistake fails at generation, not halfway through a load.
struct CopyTable {
    let name: String
    let columns: [String]
    private(set) var rows: [[String?]] = []

    init(_ name: String, _ columns: [String]) {
        self.name = name
        self.columns = columns
    }

    mutating func append(_ values: [String?]) {
        precondition(values.count == columns.count, "\(name): row of \(values.count) values for \(columns.count) columns")
        rows.append(values)
    }

    var copyStatement: String {
        "COPY \(name) (\(columns.joined(separator: ", "))) FROM STDIN"
    }
}

extension Optional where Wrapped: CustomStringConvertible {
    /// The value's text, or NULL.
    var text: String? { map(\.description) }
}
