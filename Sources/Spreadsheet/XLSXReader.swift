import Foundation
import ZIPFoundation

/// Reads an Excel workbook (.xlsx) as Excel, WPS, LibreOffice and openpyxl write it: the sheets by name and their
/// cells — shared strings, inline strings, numbers (kept as written), booleans, formula results, errors. Styles are
/// ignored: whether a number is a day is decided by the column that reads it (`CalendarDay(serial:uses1904Dates:)`,
/// with `uses1904Dates` from the workbook).
///
/// A sheet is streamed out of the archive and parsed as it inflates (`XMLStreamReader`), row by row; only the
/// shared strings are held, as any cell may refer to any of them.
public final class XLSXReader {
    public let url: URL
    /// The sheets in the workbook's order.
    public let sheetNames: [String]
    /// Whether the workbook counts days from 1904 (old Mac Excel) instead of 1900.
    public let uses1904Dates: Bool
    private let archive: Archive
    private let sheetPaths: [String: String]
    private let sharedStringsPath: String?
    private var sharedStrings: [String]?

    public init(url: URL) throws {
        self.url = url
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw SpreadsheetError.notAWorkbook("\(url.lastPathComponent) cannot be opened as a zip archive")
        }
        guard let workbookPath = try Self.officeDocumentPath(archive) else {
            throw SpreadsheetError.notAWorkbook("\(url.lastPathComponent) has no workbook part")
        }
        let directory = (workbookPath as NSString).deletingLastPathComponent
        let relationships = try Self.relationships(archive, of: workbookPath)
        var names: [String] = []
        var paths: [String: String] = [:]
        var date1904 = false
        var parser = XMLStreamReader()
        try Self.stream(archive, workbookPath) { chunk in
            try parser.feed(chunk) { event in
                guard case .start(let name, let attributes) = event else { return }
                if name == "workbookPr", let value = attributes["date1904"] {
                    date1904 = value == "1" || value == "true"
                } else if name == "sheet", let sheetName = attributes["name"],
                          let id = attributes.first(where: { $0.key.hasSuffix(":id") })?.value,
                          let target = relationships[id]?.target {
                    names.append(sheetName)
                    paths[sheetName] = Self.resolve(target, from: directory)
                }
            }
        }
        sheetNames = names
        sheetPaths = paths
        uses1904Dates = date1904
        sharedStringsPath = relationships.values.first { $0.type.hasSuffix("/sharedStrings") }
            .map { Self.resolve($0.target, from: directory) }
    }

    /// Hands each row of the sheet to `body`, in order, rows with no cells skipped. Cells are placed by their
    /// reference (`C7` is the third cell of row 7), so gaps read as `.empty`.
    public func readRows(sheet name: String, _ body: (SheetRow) throws -> Void) throws {
        guard let path = sheetPaths[name] else { throw SpreadsheetError.noSuchSheet(name, available: sheetNames) }
        let strings = try loadSharedStrings()
        var state = SheetParseState(sharedStrings: strings)
        var parser = XMLStreamReader()
        try Self.stream(archive, path) { chunk in
            try parser.feed(chunk) { event in try state.handle(event, body) }
        }
        try parser.finish { event in try state.handle(event, body) }
    }

    /// The last row the sheet's `<dimension ref="A1:L300001">` names, as Excel, WPS, LibreOffice and openpyxl write
    /// it before the cells (read from the sheet's first bytes only); nil when the sheet has none. For progress: a
    /// writer may be wrong, so nothing depends on it.
    public func dimensionRows(sheet name: String) throws -> Int? {
        guard let path = sheetPaths[name] else { throw SpreadsheetError.noSuchSheet(name, available: sheetNames) }
        var rows: Int?
        var parser = XMLStreamReader()
        struct Found: Error {}
        do {
            try Self.stream(archive, path) { chunk in
                try parser.feed(chunk) { event in
                    guard case .start(let element, let attributes) = event else { return }
                    if element == "dimension", let reference = attributes["ref"] {
                        let last = reference.split(separator: ":").last.map(String.init) ?? reference
                        rows = Int(last.drop { !$0.isNumber })
                        throw Found()
                    }
                    if element == "sheetData" { throw Found() }
                }
            }
        } catch is Found {}
        return rows
    }

    /// Every row of the sheet, for small sheets and tests.
    public func rows(sheet name: String) throws -> [SheetRow] {
        var rows: [SheetRow] = []
        try readRows(sheet: name) { rows.append($0) }
        return rows
    }

    private func loadSharedStrings() throws -> [String] {
        if let sharedStrings { return sharedStrings }
        var strings: [String] = []
        if let path = sharedStringsPath, archive[path] != nil {
            var parser = XMLStreamReader()
            var current = ""
            var inText = false
            var phoneticDepth = 0
            let handle: (XMLStreamReader.Event) throws -> Void = { event in
                switch event {
                case .start(let name, _):
                    if name == "si" { current = "" } else if name == "rPh" { phoneticDepth += 1 } else if name == "t" { inText = phoneticDepth == 0 }
                case .end(let name):
                    if name == "si" { strings.append(ExcelEscapes.decode(current)) } else if name == "rPh" { phoneticDepth -= 1 } else if name == "t" { inText = false }
                case .text(let text):
                    if inText { current += text }
                }
            }
            try Self.stream(archive, path) { chunk in try parser.feed(chunk, handle) }
            try parser.finish(handle)
        }
        sharedStrings = strings
        return strings
    }

    // MARK: - The package

    struct Relationship {
        let type: String
        let target: String
    }

    /// The workbook part named by the package's relationships (usually `xl/workbook.xml`).
    private static func officeDocumentPath(_ archive: Archive) throws -> String? {
        let relationships = try relationships(archive, of: nil)
        if let main = relationships.values.first(where: { $0.type.hasSuffix("/officeDocument") }) {
            return resolve(main.target, from: "")
        }
        return archive["xl/workbook.xml"] != nil ? "xl/workbook.xml" : nil
    }

    /// The relationships of a part (`nil`: of the package), by id.
    private static func relationships(_ archive: Archive, of part: String?) throws -> [String: Relationship] {
        let path: String
        if let part {
            let directory = (part as NSString).deletingLastPathComponent
            let file = (part as NSString).lastPathComponent
            path = (directory.isEmpty ? "" : directory + "/") + "_rels/" + file + ".rels"
        } else {
            path = "_rels/.rels"
        }
        guard archive[path] != nil else { return [:] }
        var found: [String: Relationship] = [:]
        var parser = XMLStreamReader()
        try stream(archive, path) { chunk in
            try parser.feed(chunk) { event in
                if case .start("Relationship", let attributes) = event, let id = attributes["Id"],
                   let type = attributes["Type"], let target = attributes["Target"] {
                    found[id] = Relationship(type: type, target: target)
                }
            }
        }
        return found
    }

    /// A relationship's target as a path in the archive: absolute (`/xl/worksheets/sheet1.xml`) or relative to the
    /// part's folder (`worksheets/sheet1.xml`, `../xl/...`).
    static func resolve(_ target: String, from directory: String) -> String {
        var components: [String] = target.hasPrefix("/") ? [] : directory.split(separator: "/").map(String.init)
        for component in target.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": if !components.isEmpty { components.removeLast() }
            default: components.append(String(component))
            }
        }
        return components.joined(separator: "/")
    }

    /// Inflates a part chunk by chunk into `consume`. The archive's own errors say the workbook is damaged; an
    /// error thrown by `consume` (a row the caller refuses, or the caller stopping early) comes out as it was.
    private static func stream(_ archive: Archive, _ path: String, _ consume: (Data) throws -> Void) throws {
        guard let entry = archive[path] else { throw SpreadsheetError.notAWorkbook("the part \(path) is missing") }
        do {
            _ = try archive.extract(entry, bufferSize: 1 << 16, skipCRC32: false) { chunk in
                do {
                    try consume(chunk)
                } catch {
                    throw ConsumerError(error: error)
                }
            }
        } catch let wrapped as ConsumerError {
            throw wrapped.error
        } catch {
            throw SpreadsheetError.notAWorkbook("the part \(path) cannot be read (\(error))")
        }
    }

    private struct ConsumerError: Error {
        let error: Error
    }
}

/// The state of reading one sheet's XML: the row and the cell being read.
struct SheetParseState {
    let sharedStrings: [String]
    private var rowNumber = 0
    private var cells: [CellValue] = []
    private var inRow = false
    private var column = 0
    private var cellType: String?
    private var value = ""
    private var inlineText = ""
    private var capturing: Capture = .none
    private var phoneticDepth = 0

    private enum Capture { case none, value, inlineText }

    init(sharedStrings: [String]) {
        self.sharedStrings = sharedStrings
    }

    mutating func handle(_ event: XMLStreamReader.Event, _ body: (SheetRow) throws -> Void) throws {
        switch event {
        case .start(let name, let attributes):
            switch name {
            case "row":
                rowNumber = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
                cells.removeAll(keepingCapacity: true)
                inRow = true
            case "c":
                column = attributes["r"].flatMap(ColumnName.index(ofReference:)) ?? cells.count
                cellType = attributes["t"]
                value = ""
                inlineText = ""
            case "v": capturing = .value
            case "t" where phoneticDepth == 0: capturing = .inlineText
            case "rPh": phoneticDepth += 1
            default: break
            }
        case .end(let name):
            switch name {
            case "v", "t": capturing = .none
            case "rPh": phoneticDepth -= 1
            case "c":
                guard inRow else { return }
                let cell = try makeCell()
                if case .empty = cell { return }
                if column >= cells.count {
                    cells.append(contentsOf: repeatElement(.empty, count: column - cells.count + 1))
                }
                cells[column] = cell
            case "row":
                inRow = false
                if !cells.isEmpty { try body(SheetRow(number: rowNumber, cells: cells)) }
            default: break
            }
        case .text(let text):
            switch capturing {
            case .value: value += text
            case .inlineText: inlineText += text
            case .none: break
            }
        }
    }

    private func makeCell() throws -> CellValue {
        switch cellType {
        case "s":
            guard let index = Int(value.trimmingSpaces()), index >= 0, index < sharedStrings.count else {
                throw SpreadsheetError.malformedXML("row \(rowNumber) refers to a shared string that does not exist")
            }
            return .text(sharedStrings[index])
        case "inlineStr":
            return inlineText.isEmpty ? .empty : .text(ExcelEscapes.decode(inlineText))
        case "str":
            return value.isEmpty ? .empty : .text(ExcelEscapes.decode(value))
        case "b":
            return .boolean(value.trimmingSpaces() == "1" || value.lowercased() == "true")
        case "e":
            return .error(value)
        case "d":
            // ISO 8601 date cells (strict Open XML, some LibreOffice files).
            return CalendarDay(parsing: String(value.prefix(10))).map(CellValue.date) ?? .text(value)
        default:
            let trimmed = value.trimmingSpaces()
            return trimmed.isEmpty ? .empty : .number(trimmed)
        }
    }
}

/// Excel's escapes for characters XML cannot hold: `_xHHHH_` is the UTF-16 unit HHHH (`_x000D_` a carriage return,
/// `_x005F_` an underscore that starts a literal `_xHHHH_`).
enum ExcelEscapes {
    static func decode(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        let bytes = Array(text.utf8)
        var units: [UInt16] = []
        var output = ""
        var index = 0
        var literalStart = 0
        func flushLiteral(upTo end: Int) {
            if literalStart < end { output += String(decoding: bytes[literalStart..<end], as: UTF8.self) }
        }
        func flushUnits() {
            if !units.isEmpty {
                output += String(decoding: units, as: UTF16.self)
                units.removeAll()
            }
        }
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "_"), SheetXMLWriter.startsExcelEscape(bytes, at: index),
               let unit = UInt16(String(decoding: bytes[(index + 2)...(index + 5)], as: UTF8.self), radix: 16) {
                flushLiteral(upTo: index)
                units.append(unit)
                index += 7
                literalStart = index
                continue
            }
            if !units.isEmpty { flushUnits() }
            index += 1
        }
        flushLiteral(upTo: bytes.count)
        flushUnits()
        return output
    }
}
