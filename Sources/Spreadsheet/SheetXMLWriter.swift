import Foundation

/// Writes one sheet's XML to a file as rows come, a megabyte at a time: a sheet of every enterprise is written
/// without holding it. Strings are written inline (`t="inlineStr"`), so no shared-string table has to be kept
/// until the end; every spreadsheet tool reads them.
public struct SheetXMLWriter: ~Copyable {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var rowNumber = 0
    private var started = false
    private let columnWidths: [Double]
    private let freezeHeader: Bool
    private let dimension: (rows: Int, columns: Int)?

    init(url: URL, columnWidths: [Double], freezeHeader: Bool, dimension: (rows: Int, columns: Int)? = nil) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil),
              let handle = FileHandle(forWritingAtPath: url.path) else {
            throw SpreadsheetError.io("Cannot write the temporary file \(url.path).")
        }
        self.handle = handle
        self.columnWidths = columnWidths
        self.freezeHeader = freezeHeader
        self.dimension = dimension
        buffer.reserveCapacity(1 << 20)
    }

    /// The number of rows written so far.
    public var rowCount: Int { rowNumber }

    /// Appends a row; `bold` for a header row.
    public mutating func append(_ cells: [CellValue], bold: Bool = false) throws {
        if !started { startSheet() }
        rowNumber += 1
        write("<row r=\"\(rowNumber)\">")
        for (column, cell) in cells.enumerated() {
            let reference = ColumnName.letters(column) + String(rowNumber)
            let style = bold ? " s=\"2\"" : ""
            switch cell {
            case .empty:
                continue
            case .error(let text):
                write("<c r=\"\(reference)\"\(style) t=\"e\"><v>")
                writeEscaped(text)
                write("</v></c>")
            case .text(let text):
                write("<c r=\"\(reference)\"\(style) t=\"inlineStr\"><is><t xml:space=\"preserve\">")
                writeEscaped(text)
                write("</t></is></c>")
            case .number(let text):
                write("<c r=\"\(reference)\"\(style)><v>")
                writeEscaped(text)
                write("</v></c>")
            case .boolean(let value):
                write("<c r=\"\(reference)\"\(style) t=\"b\"><v>\(value ? 1 : 0)</v></c>")
            case .date(let day):
                write("<c r=\"\(reference)\" s=\"1\"><v>\(day.serial)</v></c>")
            }
        }
        write("</row>")
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Ends the sheet's XML and closes its file.
    consuming func finish() throws {
        if !started { startSheet() }
        write("</sheetData></worksheet>")
        try flush()
        try handle.close()
    }

    private mutating func startSheet() {
        started = true
        write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>")
        write("<worksheet xmlns=\"\(WorkbookParts.mainNamespace)\" xmlns:r=\"\(WorkbookParts.relationshipNamespace)\">")
        if let dimension, dimension.rows > 0, dimension.columns > 0 {
            // The extent, before the cells, as spreadsheet tools write it: a reader knows the row count up front.
            write("<dimension ref=\"A1:\(ColumnName.letters(dimension.columns - 1))\(dimension.rows)\"/>")
        }
        if freezeHeader {
            write("<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>")
        }
        if !columnWidths.isEmpty {
            write("<cols>")
            for (index, width) in columnWidths.enumerated() {
                write("<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(width)\" customWidth=\"1\"/>")
            }
            write("</cols>")
        }
        write("<sheetData>")
    }

    private mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw SpreadsheetError.io("Cannot write the workbook: \(error.localizedDescription)")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private mutating func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
    }

    /// Text as XML character data. Characters XML 1.0 cannot hold (control characters other than tab, line feed
    /// and carriage return) are written as Excel's `_xHHHH_` escapes, which every spreadsheet tool reads back; a
    /// literal `_xHHHH_` in the text gets its underscore escaped so that it reads back as written.
    private mutating func writeEscaped(_ text: String) {
        let bytes = Array(text.utf8)
        for (index, byte) in bytes.enumerated() {
            switch byte {
            case UInt8(ascii: "&"): write("&amp;")
            case UInt8(ascii: "<"): write("&lt;")
            case UInt8(ascii: ">"): write("&gt;")
            case 0x09, 0x0A: buffer.append(byte)
            case 0x0D: write("_x000D_")
            case 0x00..<0x20: write("_x00" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true) + "_")
            case UInt8(ascii: "_"):
                if Self.startsExcelEscape(bytes, at: index) { write("_x005F_") } else { buffer.append(byte) }
            default: buffer.append(byte)
            }
        }
    }

    /// Whether `_xHHHH_` starts at `index`.
    static func startsExcelEscape(_ bytes: [UInt8], at index: Int) -> Bool {
        guard index + 6 < bytes.count, bytes[index + 1] == UInt8(ascii: "x"), bytes[index + 6] == UInt8(ascii: "_") else {
            return false
        }
        return bytes[(index + 2)...(index + 5)].allSatisfy { byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
                || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
        }
    }
}
