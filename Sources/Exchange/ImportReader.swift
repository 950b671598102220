import Foundation
import Spreadsheet

/// The rows of one kind of record read from the files, each cell already checked and in the database's form.
public struct ParsedSheet: Sendable {
    public let record: RecordSheet
    /// The sheet's columns found in the files' headers (every file of this kind must have the same ones).
    public internal(set) var columns: [RecordColumn]
    public internal(set) var rows: [ParsedRow] = []
    /// The places the rows were read from (file and sheet), for the error report.
    public internal(set) var sources: [SheetPlace] = []
    /// Each source's column letters, in the order of `columns` (files may order their columns differently).
    var letters: [SheetPlace: [String]] = [:]

    /// The place of a row's cell in a column of this sheet.
    func place(of row: ParsedRow, column: RecordColumn) -> SheetPlace {
        let source = SheetPlace(file: row.place.file, sheet: row.place.sheet)
        let index = columns.firstIndex { $0.name == column.name }
        let columnLetters = index.flatMap { index in letters[source].map { $0[index] } } ?? ""
        return SheetPlace(file: row.place.file, sheet: row.place.sheet, row: row.place.row, column: (columnLetters, column.header))
    }
}

/// A record's values, in the order of its sheet's `columns`; nil for an empty cell.
public struct ParsedRow: Sendable {
    public let place: SheetPlace
    public let values: [String?]
    /// Whether a cell of the row had a problem: such a row is reported, never written.
    public let hasProblem: Bool
}

/// Reads import files into `ParsedSheet`s: workbooks sheet by sheet, CSV files whole, each sheet named for its kind
/// of record, its header mapped to the sheet's columns, every cell checked (`CellParser`), duplicate keys found
/// across every file. Problems are collected, never thrown: an official sees them all at once.
public struct ImportReader {
    let codes: CodeBook
    public private(set) var sheets: [RecordKind: ParsedSheet] = [:]
    public private(set) var problems: [ImportProblem] = []
    /// Called with (sheet, rows read so far, whether the sheet is done) every 10,000 rows and at each sheet's end.
    var progress: (String, Int, Bool) -> Void = { _, _, _ in }
    private var keys: [RecordKind: [[String?]: SheetPlace]] = [:]

    public init(codes: CodeBook, progress: @escaping (String, Int, Bool) -> Void = { _, _, _ in }) {
        self.codes = codes
        self.progress = progress
    }

    /// Reads one file: `.xlsx` (every sheet but the template's instructions and codes), `.csv` or `.txt` (one
    /// sheet, named by the file).
    public mutating func read(_ url: URL) {
        let file = url.lastPathComponent
        do {
            switch url.pathExtension.lowercased() {
            case "xlsx":
                let workbook = try XLSXReader(url: url)
                for name in workbook.sheetNames where !Self.isTemplateSheet(name) {
                    try readSheet(file: file, sheet: name, uses1904Dates: workbook.uses1904Dates) { body in
                        try workbook.readRows(sheet: name, body)
                    }
                }
            case "csv", "txt":
                var csv = CSVReader(url: url)
                let name = url.deletingPathExtension().lastPathComponent
                try readSheet(file: file, sheet: name, uses1904Dates: false) { body in try csv.readRows(body) }
            default:
                problems.append(ImportProblem(SheetPlace(file: file, sheet: file), "只能导入 .xlsx 工作簿或 .csv 文件",
                                              "only .xlsx workbooks and .csv files can be imported"))
            }
        } catch let error as SpreadsheetError {
            problems.append(ImportProblem(SheetPlace(file: file, sheet: file), "无法读取：\(error.description)", "cannot be read: \(error.description)"))
        } catch {
            problems.append(ImportProblem(SheetPlace(file: file, sheet: file), "无法读取：\(error)", "cannot be read: \(error)"))
        }
    }

    static func isTemplateSheet(_ name: String) -> Bool {
        name == TemplateWriter.instructionsSheet || name == TemplateWriter.codesSheet
            || ["instructions", "codes", "说明", "代码"].contains(name.lowercased())
    }

    /// The kind of record a sheet or file name names: its English name (`clusters`), its Chinese title (`集群`), or
    /// both as the template writes them.
    public static func kind(named name: String) -> RecordKind? {
        let wanted = name.lowercased().filter { !$0.isWhitespace }
        return RecordSheets.all.first { sheet in
            [sheet.kind.rawValue, sheet.title, sheet.sheetName, sheet.titleEnglish].contains {
                $0.lowercased().filter { !$0.isWhitespace } == wanted
            }
        }?.kind
    }

    private mutating func readSheet(file: String, sheet name: String, uses1904Dates: Bool,
                                    _ rows: ((SheetRow) throws -> Void) throws -> Void) throws {
        let sheetPlace = SheetPlace(file: file, sheet: name)
        guard let kind = Self.kind(named: name) else {
            problems.append(ImportProblem(sheetPlace, "工作表名称不对应任何一类记录；请使用模板中的名称，如“集群 clusters”",
                                          "the sheet's name names no kind of record; use the template's names, e.g. \"集群 clusters\""))
            return
        }
        let record = RecordSheets.sheet(kind)
        let parser = CellParser(codes: codes, uses1904Dates: uses1904Dates)
        var mapping: [(fileColumn: Int, column: RecordColumn)]?
        var count = 0
        try rows { row in
            guard let columns = mapping else {
                mapping = mapHeader(row, record: record, place: sheetPlace)
                return
            }
            if row.isBlank { return }
            count += 1
            if count % 10_000 == 0 { progress(name, count, false) }
            addRow(row, columns: columns, record: record, parser: parser, file: file, sheet: name)
        }
        progress(name, count, true)
        if mapping == nil {
            problems.append(ImportProblem(sheetPlace, "工作表为空，缺少表头行", "the sheet is empty: no header row"))
        }
    }

    /// Maps row 1 to the sheet's columns; an unknown or repeated header, or a missing required column, is a problem.
    /// A sheet whose key columns are not all there is not read further (nil columns means: skip its rows).
    private mutating func mapHeader(_ row: SheetRow, record: RecordSheet, place: SheetPlace)
        -> [(fileColumn: Int, column: RecordColumn)]
    {
        var found: [(Int, RecordColumn)] = []
        for (index, cell) in row.cells.enumerated() where !cell.isBlank {
            let header = cell.displayText ?? ""
            let letters = ColumnName.letters(index)
            let cellPlace = SheetPlace(file: place.file, sheet: place.sheet, row: row.number, column: (letters, header))
            guard let column = Self.column(forHeader: header, in: record) else {
                problems.append(ImportProblem(cellPlace, "不认识的列；本表的列为：" + record.columns.map(\.title).joined(separator: "、"),
                                              "unknown column; this sheet's columns are: " + record.columns.map(\.name).joined(separator: ", ")))
                continue
            }
            if found.contains(where: { $0.1.name == column.name }) {
                problems.append(ImportProblem(cellPlace, "重复的列", "the column is repeated"))
                continue
            }
            found.append((index, column))
        }
        let missing = record.columns.filter { column in column.isRequired && !found.contains { $0.1.name == column.name } }
        if !missing.isEmpty {
            problems.append(ImportProblem(SheetPlace(file: place.file, sheet: place.sheet, row: row.number),
                                          "缺少必填列：" + missing.map(\.header).joined(separator: "、"),
                                          "required columns are missing: " + missing.map(\.header).joined(separator: ", ")))
        }
        // Columns in the sheet's own order, whatever order the file has them in.
        let ordered = record.columns.compactMap { column in found.first { $0.1.name == column.name } }
        var parsed = sheets[record.kind] ?? ParsedSheet(record: record, columns: ordered.map(\.1))
        if parsed.columns.map(\.name) != ordered.map(\.1.name) {
            problems.append(ImportProblem(SheetPlace(file: place.file, sheet: place.sheet, row: row.number),
                                          "与同类的另一个工作表列不同；同一类记录的各个文件须有相同的列",
                                          "its columns differ from another sheet of the same kind; every file of one kind needs the same columns"))
        }
        parsed.sources.append(place)
        parsed.letters[place] = ordered.map { ColumnName.letters($0.0) }
        sheets[record.kind] = parsed
        // Without a required column no row can be written: the rows are not read (the missing column is reported).
        return missing.isEmpty ? ordered : []
    }

    /// The sheet column a header names: `*集群编号 (cluster_code)` as the template writes it, or the English name
    /// alone, or the Chinese title alone (a star, spaces and full-width parentheses aside).
    static func column(forHeader header: String, in record: RecordSheet) -> RecordColumn? {
        let wanted = normalisedHeader(header)
        return record.columns.first { column in
            wanted == normalisedHeader(column.header) || wanted == normalisedHeader(column.name) || wanted == normalisedHeader(column.title)
        }
    }

    /// Without the star, spaces and case, full-width parentheses as ASCII ones.
    static func normalisedHeader(_ text: String) -> String {
        text.replacingOccurrences(of: "（", with: "(").replacingOccurrences(of: "）", with: ")")
            .replacingOccurrences(of: "*", with: "").lowercased().filter { !$0.isWhitespace }
    }

    private mutating func addRow(_ row: SheetRow, columns: [(fileColumn: Int, column: RecordColumn)], record: RecordSheet,
                                 parser: CellParser, file: String, sheet: String) {
        guard !columns.isEmpty else { return }
        let place = SheetPlace(file: file, sheet: sheet, row: row.number)
        var values: [String?] = []
        var hasProblem = false
        for (fileColumn, column) in columns {
            let cellPlace = SheetPlace(file: file, sheet: sheet, row: row.number, column: (ColumnName.letters(fileColumn), column.header))
            switch parser.parse(row.cell(at: fileColumn), as: column.kind) {
            case .value(let value):
                if value == nil, column.isRequired {
                    problems.append(ImportProblem(cellPlace, "必填，不能为空", "required: cannot be empty"))
                    hasProblem = true
                }
                values.append(value)
            case .problem(let chinese, let english):
                problems.append(ImportProblem(cellPlace, chinese, english))
                hasProblem = true
                values.append(nil)
            }
        }
        // The same key twice in the import: both rows are named.
        let key = zip(columns, values).filter { $0.0.column.isKey }.map(\.1)
        if !hasProblem {
            if let first = keys[record.kind]?[key] {
                problems.append(ImportProblem(place, "与 \(first.description) 的键（" + record.keyColumns.map(\.title).joined(separator: "、") + "）相同",
                                              "the same key (" + record.keyColumns.map(\.name).joined(separator: ", ") + ") as \(first.description)"))
                hasProblem = true
            } else {
                keys[record.kind, default: [:]][key] = place
            }
        }
        sheets[record.kind]?.rows.append(ParsedRow(place: place, values: values, hasProblem: hasProblem))
    }
}
