import Postgres

/// Puts rows into PostgreSQL as they are read: each kind's rows go by COPY into its temporary table
/// (`ExchangeSQL.createStage`), numbered in reading order, with whether their cells were right and which pass writes
/// them. Memory stays flat however many rows a file has.
struct StagingSink: RowSink {
    let connection: PostgresConnection
    private var staged: [RecordKind: Int] = [:]

    init(connection: PostgresConnection) {
        self.connection = connection
    }

    mutating func rows(of sheet: ParsedSheet, _ read: (([String?], Bool) throws -> Void) throws -> Void) throws {
        let kind = sheet.record.kind
        if staged[kind] == nil {
            try connection.execute(ExchangeSQL.createStage(sheet))
            staged[kind] = 0
        }
        var next = staged[kind] ?? 0
        // A column naming a record of a kind loaded later (a renewal's re-review): its rows wait for that kind.
        let laterColumn = Self.laterColumn(of: sheet)
        _ = try connection.copyIn(ExchangeSQL.copyStage(sheet)) { writer in
            try read { values, ok in
                let pass = laterColumn.map { values[$0] == nil ? 1 : 2 } ?? 1
                try writer.row([String(next)] + values + [ok ? "true" : "false", String(pass)])
                next += 1
            }
        }
        staged[kind] = next
    }

    /// The index of the sheet's column naming a record of a kind that loads after it, if any.
    static func laterColumn(of sheet: ParsedSheet) -> Int? {
        let order = RecordKind.allCases
        let position = order.firstIndex(of: sheet.record.kind) ?? 0
        return sheet.columns.firstIndex { column in
            if case .clusterRecord(let target, _) = column.target { return (order.firstIndex(of: target) ?? 0) > position }
            return false
        }
    }

    /// The later kind a sheet's second pass waits for.
    static func laterKind(of sheet: ParsedSheet) -> RecordKind? {
        guard let index = laterColumn(of: sheet), case .clusterRecord(let target, _) = sheet.columns[index].target else { return nil }
        return target
    }
}
