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
        var counts: [RecordKind: Int] = [:]
        try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        defer { _ = try? connection.execute("ROLLBACK") }
        let sample = try connection.query(ExchangeSQL.sampleDataPresent).scalar == "true"
        if url.pathExtension.lowercased() == "xlsx" {
            let workbook = try XLSXWriter(url: url)
            try workbook.addSheet(TemplateWriter.instructionsSheet, columnWidths: [26, 34, 10, 40, 60]) { sheet in
                for (index, row) in TemplateWriter.instructionRows(sampleData: sample).enumerated() { try sheet.append(row, bold: index == 0) }
            }
            for record in RecordSheets.all {
                // Counted first (the same snapshot): the sheet says its extent before its rows, for readers' progress.
                let count = Int(try connection.query(ExchangeSQL.countRows(record)).scalar ?? "") ?? 0
                try workbook.addSheet(record.sheetName, columnWidths: record.columns.map(TemplateWriter.width), freezeHeader: true,
                                      dimension: (count + 1, record.columns.count)) { sheet in
                    try sheet.append(record.columns.map { .text($0.header) }, bold: true)
                    counts[record.kind] = try rows(of: record) { try sheet.append($0) }
                }
            }
            try workbook.addSheet(TemplateWriter.codesSheet, columnWidths: [22, 16, 30, 40, 12], freezeHeader: true) { sheet in
                for (index, row) in TemplateWriter.codeRows(codes).enumerated() { try sheet.append(row, bold: index == 0) }
            }
            try workbook.close()
        } else {
            try TemplateWriter.writeFolder(to: url, codes: codes, sampleData: sample)
            for record in RecordSheets.all {
                var file = try CSVWriter(url: url.appendingPathComponent(record.kind.rawValue + ".csv"))
                try file.append(record.columns.map { .text($0.header) })
                counts[record.kind] = try rows(of: record) { try file.append($0) }
                try file.close()
            }
        }
        return counts
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
