import Foundation
import Spreadsheet

/// What the import knows of one kind of record after reading the files: its columns, where each row came from.
/// The rows themselves went to a `RowSink` as they were read (into PostgreSQL, for an import): 300,000 enterprises
/// are never held in memory, only eight bytes of place for each.
public struct ParsedSheet: Sendable {
    public let record: RecordSheet
    /// The sheet's columns found in the files' headers (every file of this kind must have the same ones).
    public internal(set) var columns: [RecordColumn]
    /// The places the rows were read from (file and sheet).
    public internal(set) var sources: [SheetPlace] = []
    /// Each source's column letters, in the order of `columns` (files may order their columns differently).
    var letters: [SheetPlace: [String]] = [:]
    /// For each row, in reading order (its index is the row's `n`): its source and its row number.
    var rowPlaces: [RowPlace] = []

    struct RowPlace: Sendable {
        let source: Int32
        let row: Int32
    }

    public var rowCount: Int { rowPlaces.count }

    /// Where row `n` is.
    public func place(ofRow n: Int) -> SheetPlace {
        let entry = rowPlaces[n]
        let source = sources[Int(entry.source)]
        return SheetPlace(file: source.file, sheet: source.sheet, row: Int(entry.row))
    }

    /// Where row `n`'s cell in `column` is.
    public func place(ofRow n: Int, column: RecordColumn) -> SheetPlace {
        let entry = rowPlaces[n]
        let source = sources[Int(entry.source)]
        let index = columns.firstIndex { $0.name == column.name }
        let columnLetters = index.flatMap { index in letters[source].map { $0[index] } } ?? ""
        return SheetPlace(file: source.file, sheet: source.sheet, row: Int(entry.row), column: (columnLetters, column.header))
    }
}

/// Where checked rows go as they are read.
public protocol RowSink {
    /// A sheet of rows of one kind starts; `read` reads them, handing each row's values (in the order of `sheet`'s
    /// columns; nil for an empty cell) and whether its cells were all right to `emit`.
    mutating func rows(of sheet: ParsedSheet, _ read: ((_ values: [String?], _ ok: Bool) throws -> Void) throws -> Void) throws
}

/// Keeps the rows in memory: for tests and small files.
public struct CollectingSink: RowSink {
    public private(set) var rows: [RecordKind: [[String?]]] = [:]

    public init() {}

    public mutating func rows(of sheet: ParsedSheet, _ read: (([String?], Bool) throws -> Void) throws -> Void) throws {
        var collected: [[String?]] = []
        try read { values, _ in collected.append(values) }
        rows[sheet.record.kind, default: []].append(contentsOf: collected)
    }
}

/// How far the reading of a sheet has come.
public struct ReadProgress: Sendable {
    public let sheet: String
    public let rows: Int
    /// The share of the sheet read (0...1), when known: from the workbook's dimension, or a CSV file's bytes.
    public let fraction: Double?
    public let done: Bool
}

/// Reads import files: workbooks sheet by sheet, CSV files whole, each sheet named for its kind of record, its
/// header mapped to the sheet's columns, every cell checked (`CellParser`), each row handed to a `RowSink` as it
/// is read. Problems are collected, never thrown: an official sees them all at once.
public struct ImportReader {
    let codes: CodeBook
    public private(set) var sheets: [RecordKind: ParsedSheet] = [:]
    public private(set) var problems: [ImportProblem] = []
    /// Told how far each sheet has come every 10,000 rows and at its end.
    var progress: (ReadProgress) -> Void = { _ in }

    public init(codes: CodeBook, progress: @escaping (ReadProgress) -> Void = { _ in }) {
        self.codes = codes
        self.progress = progress
    }

    /// Reads one file: `.xlsx` (every sheet but the template's instructions and codes), `.csv` or `.txt` (one
    /// sheet, named by the file).
    public mutating func read(_ url: URL, into sink: inout some RowSink) throws {
        let file = url.lastPathComponent
        do {
            switch url.pathExtension.lowercased() {
            case "xlsx":
                let workbook = try XLSXReader(url: url)
                for name in workbook.sheetNames where !Self.isTemplateSheet(name) {
                    let expected = try workbook.dimensionRows(sheet: name).map { max($0 - 1, 1) }
                    try readSheet(file: file, sheet: name, uses1904Dates: workbook.uses1904Dates, into: &sink,
                                  fraction: { rows in expected.map { min(1, Double(rows) / Double($0)) } }) { body in
                        try workbook.readRows(sheet: name, body)
                    }
                }
            case "csv", "txt":
                var csv = CSVReader(url: url)
                let name = url.deletingPathExtension().lastPathComponent
                let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? nil
                let read = ByteCount()
                try readSheet(file: file, sheet: name, uses1904Dates: false, into: &sink,
                              fraction: { _ in size.map { min(1, Double(read.bytes) / Double(max($0, 1))) } }) { body in
                    try csv.readRows(bytesRead: { read.bytes = $0 }, body)
                }
            default:
                problems.append(ImportProblem(SheetPlace(file: file, sheet: file), "只能导入 .xlsx 工作簿或 .csv 文件",
                                              "only .xlsx workbooks and .csv files can be imported"))
            }
        } catch let error as SpreadsheetError {
            problems.append(ImportProblem(SheetPlace(file: file, sheet: file), "无法读取：\(error.description)", "cannot be read: \(error.description)"))
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

    /// Reads one sheet: row 1 is the header; the rows after it go to the sink, while the file is read.
    /// The bytes of a CSV file read so far (set by its reader, read by the progress).
    private final class ByteCount {
        var bytes = 0
    }

    private mutating func readSheet(file: String, sheet name: String, uses1904Dates: Bool, into sink: inout some RowSink,
                                    fraction: @escaping (Int) -> Double?,
                                    _ rows: ((SheetRow) throws -> Void) throws -> Void) throws {
        let sheetPlace = SheetPlace(file: file, sheet: name)
        guard let kind = Self.kind(named: name) else {
            problems.append(ImportProblem(sheetPlace, "工作表名称不对应任何一类记录；请使用模板中的名称，如“集群 clusters”",
                                          "the sheet's name names no kind of record; use the template's names, e.g. \"集群 clusters\""))
            return
        }
        let record = RecordSheets.sheet(kind)
        let parser = CellParser(codes: codes, uses1904Dates: uses1904Dates)
        // The header first, on its own: the sink needs the sheet's columns before its rows.
        var header: SheetRow?
        do {
            try rows { row in
                header = row
                throw StopReading()
            }
        } catch is StopReading {}
        guard let header else {
            problems.append(ImportProblem(sheetPlace, "工作表为空，缺少表头行", "the sheet is empty: no header row"))
            return
        }
        let columns = mapHeader(header, record: record, place: sheetPlace)
        guard !columns.isEmpty, let parsed = sheets[kind] else { return }
        let source = Int32(parsed.sources.count - 1)
        var count = 0
        var places: [ParsedSheet.RowPlace] = []
        var rowProblems: [ImportProblem] = []
        let progress = self.progress
        try sink.rows(of: parsed) { emit in
            try withoutActuallyEscaping(emit) { emit in
                try rows { row in
                    guard row.number > header.number, !row.isBlank else { return }
                    count += 1
                    if count % 10_000 == 0 { progress(ReadProgress(sheet: name, rows: count, fraction: fraction(count), done: false)) }
                    let (values, problems) = Self.check(row, columns: columns, parser: parser, file: file, sheet: name)
                    rowProblems.append(contentsOf: problems)
                    places.append(ParsedSheet.RowPlace(source: source, row: Int32(row.number)))
                    try emit(values, problems.isEmpty)
                }
            }
        }
        sheets[kind]?.rowPlaces.append(contentsOf: places)
        problems.append(contentsOf: rowProblems)
        progress(ReadProgress(sheet: name, rows: count, fraction: 1, done: true))
    }

    private struct StopReading: Error {}

    /// Maps row 1 to the sheet's columns; an unknown or repeated header, or a missing required column, is a
    /// problem. Answers no columns when the rows cannot be read (a required column missing, or columns other than
    /// another file's of this kind).
    private mutating func mapHeader(_ row: SheetRow, record: RecordSheet, place: SheetPlace)
        -> [(fileColumn: Int, column: RecordColumn)]
    {
        var found: [(Int, RecordColumn)] = []
        for (index, cell) in row.cells.enumerated() where !cell.isBlank {
            let header = cell.displayText ?? ""
            let cellPlace = SheetPlace(file: place.file, sheet: place.sheet, row: row.number, column: (ColumnName.letters(index), header))
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
        let rowPlace = SheetPlace(file: place.file, sheet: place.sheet, row: row.number)
        let missing = record.columns.filter { column in column.isRequired && !found.contains { $0.1.name == column.name } }
        if !missing.isEmpty {
            problems.append(ImportProblem(rowPlace, "缺少必填列：" + missing.map(\.header).joined(separator: "、"),
                                          "required columns are missing: " + missing.map(\.header).joined(separator: ", ")))
            return []
        }
        // Columns in the sheet's own order, whatever order the file has them in.
        let ordered = record.columns.compactMap { column in found.first { $0.1.name == column.name } }
        var parsed = sheets[record.kind] ?? ParsedSheet(record: record, columns: ordered.map(\.1))
        guard parsed.columns.map(\.name) == ordered.map(\.1.name) else {
            problems.append(ImportProblem(rowPlace, "与同类的另一个工作表列不同；同一类记录的各个文件须有相同的列",
                                          "its columns differ from another sheet of the same kind; every file of one kind needs the same columns"))
            return []
        }
        parsed.sources.append(place)
        parsed.letters[place] = ordered.map { ColumnName.letters($0.0) }
        sheets[record.kind] = parsed
        return ordered
    }

    /// The sheet column a header names: `*集群编号 (cluster_code)` as the template writes it, or the English name
    /// alone, or the Chinese title alone (a star, spaces, case and full-width parentheses aside).
    static func column(forHeader header: String, in record: RecordSheet) -> RecordColumn? {
        let wanted = normalisedHeader(header)
        return record.columns.first { column in
            wanted == normalisedHeader(column.header) || wanted == normalisedHeader(column.name) || wanted == normalisedHeader(column.title)
        }
    }

    static func normalisedHeader(_ text: String) -> String {
        text.replacingOccurrences(of: "（", with: "(").replacingOccurrences(of: "）", with: ")")
            .replacingOccurrences(of: "*", with: "").lowercased().filter { !$0.isWhitespace }
    }

    /// A row's values by column, and the problems of its cells.
    private static func check(_ row: SheetRow, columns: [(fileColumn: Int, column: RecordColumn)], parser: CellParser,
                              file: String, sheet: String) -> ([String?], [ImportProblem]) {
        var values: [String?] = []
        values.reserveCapacity(columns.count)
        var problems: [ImportProblem] = []
        for (fileColumn, column) in columns {
            switch parser.parse(row.cell(at: fileColumn), as: column.kind) {
            case .value(let value):
                if value == nil, column.isRequired {
                    problems.append(ImportProblem(SheetPlace(file: file, sheet: sheet, row: row.number,
                                                             column: (ColumnName.letters(fileColumn), column.header)),
                                                  "必填，不能为空", "required: cannot be empty"))
                }
                values.append(value)
            case .problem(let chinese, let english):
                problems.append(ImportProblem(SheetPlace(file: file, sheet: sheet, row: row.number,
                                                         column: (ColumnName.letters(fileColumn), column.header)), chinese, english))
                values.append(nil)
            }
        }
        return (values, problems)
    }
}
