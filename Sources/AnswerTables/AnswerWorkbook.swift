import Foundation
import Spreadsheet

/// An answer as an Excel workbook: each table of `ResultTable.tables(fromData:)` a sheet (nested lists their own
/// sheets, as in the table format), its caption (a connection's totalCount, …) above the header.
///
/// Cells keep their meaning: JSON numbers are numbers; a string that is an exact decimal with a point is a number
/// too (the schema's Decimal scalar, money and shares, is written as such a string so that no fen is lost, and a
/// workbook's number keeps the digits as written); a string `YYYY-MM-DD` is a day; booleans are booleans.
/// Codes such as "520300" stay text: they have no point.
public enum AnswerWorkbook {
    /// Writes the tables to `url`.
    public static func write(_ tables: [ResultTable], to url: URL) throws {
        let workbook = try XLSXWriter(url: url)
        var used: Set<String> = []
        for table in tables {
            let name = XLSXWriter.sheetName(for: table.name, used: &used)
            let widths = table.columns.map { column in
                Double(min(60, max(8, ([column] + table.rows.prefix(200).map { $0[column] ?? "" }).map { TableText.width($0) }.max() ?? 8) + 2))
            }
            try workbook.addSheet(name, columnWidths: widths, freezeHeader: table.caption.isEmpty) { sheet in
                if !table.caption.isEmpty {
                    try sheet.append([.text(table.caption.map { "\($0.0): \($0.1)" }.joined(separator: ", "))])
                }
                try sheet.append(table.columns.map { .text($0) }, bold: true)
                let numeric = Set(table.columns.filter { !table.textColumns.contains($0) })
                for row in table.rows {
                    try sheet.append(table.columns.map { column in cell(row[column], numeric: numeric.contains(column)) })
                }
            }
        }
        try workbook.close()
    }

    /// The workbook's bytes (for an HTTP answer), written through a temporary file.
    public static func data(_ tables: [ResultTable]) throws -> Data {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("qunji-answer-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: url) }
        try write(tables, to: url)
        return try Data(contentsOf: url)
    }

    static func cell(_ text: String?, numeric: Bool) -> CellValue {
        guard let text, !text.isEmpty else { return .empty }
        if numeric { return .number(text) }
        if isDecimal(text) { return .number(text) }
        if text.count == 10, text.utf8.dropFirst(4).first == UInt8(ascii: "-"), let day = CalendarDay(parsing: text) { return .date(day) }
        if text == "true" || text == "false" { return .boolean(text == "true") }
        return .text(text)
    }

    /// `-12.50`, `0.3500`: digits, one point, digits.
    static func isDecimal(_ text: String) -> Bool {
        var body = Substring(text)
        if body.hasPrefix("-") { body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty
            && parts.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isNumber } } && parts[0].count <= 15
    }
}
