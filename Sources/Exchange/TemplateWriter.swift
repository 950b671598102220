import Foundation
import Spreadsheet

/// The import template: an instructions sheet, one empty sheet per kind of record (its header row in Chinese and
/// English, required columns starred, the natural key first), and the code lists on a reference sheet. As a
/// workbook (`.xlsx`), or as a folder of CSV files (one per sheet, named by the kind: `clusters.csv`).
public enum TemplateWriter {
    public static let instructionsSheet = "说明 instructions"
    public static let codesSheet = "代码 codes"

    /// What fills the record sheets below their headers: nothing for the template, an export's records otherwise.
    struct Filler {
        /// The number of rows of a kind, known before they are written (a workbook says its extent first); nil: not known.
        let count: (RecordSheet) throws -> Int?
        /// Appends a kind's rows to `append`; answers how many.
        let rows: (RecordSheet, _ append: ([CellValue]) throws -> Void) throws -> Int

        static var none: Filler { Filler(count: { _ in nil }, rows: { _, _ in 0 }) }
    }

    /// Writes the template to `url`: a workbook when it ends in `.xlsx`, else a folder of CSV files.
    public static func write(to url: URL, codes: CodeBook) throws {
        try write(to: url, codes: codes, sampleData: false, filler: .none)
    }

    /// The template's sheets, the record sheets filled by `filler`; answers the rows written per kind. The export
    /// writes through here: an export is a filled template.
    @discardableResult
    static func write(to url: URL, codes: CodeBook, sampleData: Bool, filler: Filler) throws -> [RecordKind: Int] {
        var counts: [RecordKind: Int] = [:]
        if url.pathExtension.lowercased() == "xlsx" {
            let workbook = try XLSXWriter(url: url)
            try workbook.addSheet(instructionsSheet, columnWidths: [26, 34, 10, 40, 60]) { sheet in
                for (index, row) in instructionRows(sampleData: sampleData).enumerated() { try sheet.append(row, bold: index == 0) }
            }
            for record in RecordSheets.all {
                let dimension = try filler.count(record).map { (rows: $0 + 1, columns: record.columns.count) }
                try workbook.addSheet(record.sheetName, columnWidths: record.columns.map(width), freezeHeader: true,
                                      dimension: dimension) { sheet in
                    try sheet.append(record.columns.map { .text($0.header) }, bold: true)
                    counts[record.kind] = try filler.rows(record) { try sheet.append($0) }
                }
            }
            try workbook.addSheet(codesSheet, columnWidths: [22, 16, 30, 40, 12], freezeHeader: true) { sheet in
                for (index, row) in codeRows(codes).enumerated() { try sheet.append(row, bold: index == 0) }
            }
            try workbook.close()
        } else {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            var instructions = try CSVWriter(url: url.appendingPathComponent("instructions.csv"))
            for row in instructionRows(sampleData: sampleData) { try instructions.append(row) }
            try instructions.close()
            for record in RecordSheets.all {
                var file = try CSVWriter(url: url.appendingPathComponent(record.kind.rawValue + ".csv"))
                try file.append(record.columns.map { .text($0.header) })
                counts[record.kind] = try filler.rows(record) { try file.append($0) }
                try file.close()
            }
            var codeFile = try CSVWriter(url: url.appendingPathComponent("codes.csv"))
            for row in codeRows(codes) { try codeFile.append(row) }
            try codeFile.close()
        }
        return counts
    }

    /// The instructions: the rules that hold for every sheet, then every sheet's columns with how to fill them.
    static func instructionRows(sampleData: Bool = false) -> [[CellValue]] {
        var rows: [[CellValue]] = [[.text("贵州省中小企业特色产业集群数据导入模板 · qunji import template")]]
        if sampleData {
            rows.append([.text("本文件含样例数据（生成的数据，不是官方记录）。"), .text("This file holds SAMPLE DATA (generated, not official records).")])
        }
        rows.append([])
        let rules: [(String, String)] = [
            ("每类记录一个工作表（或一个 CSV 文件，以英文名命名，如 clusters.csv）；可只提供其中几个。",
             "One sheet per kind of record (or one CSV file named by its English name, e.g. clusters.csv); any of them may be left out."),
            ("第 1 行为表头，勿改动；数据从第 2 行开始，每条记录一行。带 * 的列必填。",
             "Row 1 is the header; leave it. Records start in row 2, one per row. Columns marked * must be filled."),
            ("每表前几列为识别记录的键（如集群编号、统一社会信用代码）：再次导入时按键更新已有记录，同一文件导入两次不会重复。",
             "The first columns identify a record (cluster code, credit code, …): importing again updates records with the same key, so a file imported twice changes nothing."),
            ("日期填日期格式，或文本 2023-03-01、2023/3/1、2023年3月1日。金额以元为单位，可含两位小数；比例按列说明填写。",
             "Days as date cells, or text 2023-03-01, 2023/3/1 or 2023年3月1日. Amounts in yuan, to the fen; shares as each column says."),
            ("代码列填“代码 codes”表中的代码，或其中文、英文名称；县（市、区）用 GB/T 2260 代码。",
             "Code columns take a code from the \"代码 codes\" sheet, or its Chinese or English name; counties by their GB/T 2260 codes."),
            ("引用其他记录的列（集群编号、统一社会信用代码、资金编号）须指向数据库中已有的或本次一并导入的记录。",
             "Columns naming other records (cluster code, credit code, fund code) must name a record in the database or in the same import."),
            ("导入先检查全部行，有任何错误则不写入任何数据，并列出所有错误（文件、工作表、行、列）。",
             "An import checks every row first; with any error it writes nothing and lists every error (file, sheet, row, column)."),
            ("CSV 文件可为 UTF-8（带或不带 BOM）或 GB18030（中文 Excel 的默认“CSV”）。",
             "CSV files may be UTF-8 (with or without a byte-order mark) or GB18030 (what Chinese Excel saves as \"CSV\")."),
        ]
        for (chinese, english) in rules { rows.append([.text(chinese), .text(english)]) }
        rows.append([])
        rows.append([.text("工作表 sheet"), .text("列 column"), .text("必填 required"), .text("说明"), .text("Note")])
        for record in RecordSheets.all {
            rows.append([.text(record.sheetName), .text(record.titleEnglish), .empty, .text(record.note), .text(record.noteEnglish)])
            for column in record.columns {
                let format = formatNote(column.kind)
                rows.append([.empty, .text(column.header), .text(column.isRequired ? (column.isKey ? "键 key" : "是 yes") : ""),
                             .text([format.chinese, column.note].filter { !$0.isEmpty }.joined(separator: "；")),
                             .text([format.english, column.noteEnglish].filter { !$0.isEmpty }.joined(separator: "; "))])
            }
        }
        return rows
    }

    /// The reference sheet: every code of every list.
    static func codeRows(_ codes: CodeBook) -> [[CellValue]] {
        var rows: [[CellValue]] = [[.text("代码表 list"), .text("代码 code"), .text("名称 name"), .text("英文名称 English name"),
                                    .text("上级代码 parent")]]
        for list in CodeList.allCases {
            for entry in codes.lists[list] ?? [] {
                rows.append([.text(list.title.chinese + " " + list.rawValue), .text(entry.code), .text(entry.name),
                             .text(entry.nameEnglish), entry.parent.map(CellValue.text) ?? .empty])
            }
        }
        return rows
    }

    static func formatNote(_ kind: ColumnKind) -> (chinese: String, english: String) {
        switch kind {
        case .text(let maximum): return ("文本，至多 \(maximum) 字", "text, at most \(maximum) characters")
        case .day: return ("日期", "a day")
        case .integer(let range): return ("整数 \(range.lowerBound)–\(range.upperBound)", "a whole number, \(range.lowerBound)-\(range.upperBound)")
        case .decimal(let precision, let scale, _):
            return ("数字，至多 \(scale) 位小数、\(precision - scale) 位整数", "a number, at most \(scale) decimals and \(precision - scale) digits before the point")
        case .boolean: return ("是/否", "yes/no")
        case .code(let list): return ("代码表：\(list.title.chinese)", "code list: \(list.rawValue)")
        case .creditCode: return ("统一社会信用代码", "unified social credit code")
        }
    }

    static func width(_ column: RecordColumn) -> Double {
        Double(min(max(column.header.count * 2, 12), 40))
    }
}
