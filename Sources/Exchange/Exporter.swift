import Foundation
import Logging
import Postgres
import Spreadsheet

/// Writes every record in the template's format — the instructions, one sheet per kind with its header and its
/// records sorted by key, the code lists — so that an export is a filled template: imported into an empty database
/// and exported again, it gives the same files, byte for byte.
///
/// Records are read through a cursor, 5,000 at a time, and streamed into the workbook's sheets: memory stays flat
/// for 300,000 enterprises.
public struct Exporter {
    let connection: PostgresConnection
    let logger: Logger
    var progress: (String) -> Void = { _ in }

    public init(connection: PostgresConnection, logger: Logger, progress: @escaping (String) -> Void = { _ in }) {
        self.connection = connection
        self.logger = logger
        self.progress = progress
    }

    /// Writes to `url`: a workbook when it ends in `.xlsx`, else a folder of CSV files. Answers the records per kind.
    @discardableResult
    public func export(to url: URL) throws -> [RecordKind: Int] {
        let codes = try CodeBook.load(from: connection)
        try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        defer { _ = try? connection.execute("ROLLBACK") }
        let sample = try connection.query(ExchangeSQL.sampleDataPresent).scalar == "true"
        // Counted first, in the same snapshot: a workbook's sheet says its extent before its rows (readers' progress).
        let filler = TemplateWriter.Filler(
            count: { record in Int(try connection.query(ExchangeSQL.countRows(record)).scalar ?? "") ?? 0 },
            rows: { record, append in try rows(of: record, append) })
        return try TemplateWriter.write(to: url, codes: codes, sampleData: sample, filler: filler)
    }

    /// Streams a kind's records, as cells, to `body`; answers how many.
    private func rows(of record: RecordSheet, _ body: ([CellValue]) throws -> Void) throws -> Int {
        progress(record.sheetName)
        try connection.execute("DECLARE export_rows NO SCROLL CURSOR FOR " + ExchangeSQL.exportRows(record))
        defer { _ = try? connection.execute("CLOSE export_rows") }
        var count = 0
        while true {
            let batch = try connection.query("FETCH 5000 FROM export_rows")
            if batch.count == 0 { break }
            for row in 0..<batch.count {
                try body(record.columns.enumerated().map { index, column in Self.cell(batch[row, index], column.kind) })
            }
            count += batch.count
        }
        return count
    }

    /// A stored value as the sheet's cell: days as dates, numbers as numbers, booleans as booleans.
    static func cell(_ text: String?, _ kind: ColumnKind) -> CellValue {
        guard let text else { return .empty }
        switch kind {
        case .day: return CalendarDay(parsing: text).map(CellValue.date) ?? .text(text)
        case .integer, .decimal: return .number(text)
        case .boolean: return .boolean(text == "true" || text == "t")
        case .text, .code, .creditCode: return .text(text)
        }
    }
}
