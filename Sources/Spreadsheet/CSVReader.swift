import Foundation

/// Reads a CSV file as spreadsheet tools write it (RFC 4180): fields separated by commas (or tabs, when the header
/// line has tabs and no commas, as Excel's "Unicode text" has), quoted with `"` where they hold a separator, a quote
/// (doubled) or a line break, records ended by CRLF or LF. The encoding is detected (`TextEncoding.detect`).
///
/// Rows are numbered as a spreadsheet opening the file shows them: record by record, the first being row 1, so a
/// quoted line break does not shift the numbers. Every field is `.text` (or `.empty`): what it means is the
/// reader's column's to decide. The file is read 64 KiB at a time.
public struct CSVReader {
    public let url: URL
    public private(set) var encoding: TextEncoding = .utf8

    public init(url: URL) {
        self.url = url
    }

    /// Reads every record; `bytesRead` hears, after each 64 KiB, how much of the file has been read (for progress).
    public mutating func readRows(bytesRead: (Int) -> Void = { _ in }, _ body: (SheetRow) throws -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw SpreadsheetError.io("Cannot read \(url.path). 无法读取文件。")
        }
        defer { try? handle.close() }
        let first = [UInt8](handle.readData(ofLength: 1 << 16))
        let (encoding, markLength) = TextEncoding.detect(first)
        self.encoding = encoding
        let transcoder = encoding == .utf8 ? nil : try TextTranscoder(from: encoding)
        var parser = CSVParser(encoding: encoding)
        var chunk = Array(first.dropFirst(markLength))
        var final = first.count < 1 << 16
        var total = first.count
        while true {
            bytesRead(total)
            let (utf8, invalid) = try transcoder?.convert(chunk, final: final) ?? (chunk, false)
            try parser.feed(utf8, body)
            if invalid { throw SpreadsheetError.undecodableText(row: parser.rowNumber, encoding: encoding.rawValue) }
            if final { break }
            chunk = [UInt8](handle.readData(ofLength: 1 << 16))
            total += chunk.count
            final = chunk.isEmpty
        }
        try parser.finish(body)
    }

    public mutating func rows() throws -> [SheetRow] {
        var rows: [SheetRow] = []
        try readRows { rows.append($0) }
        return rows
    }
}

/// The CSV state machine over UTF-8 bytes; a record cut between chunks continues with the next.
struct CSVParser {
    private(set) var rowNumber = 1
    private var separator: UInt8?
    private var field: [UInt8] = []
    private var fields: [CellValue] = []
    private var inQuotes = false
    private var quoteJustClosed = false
    private var fieldWasQuoted = false
    private var pendingCR = false
    private var quoteStartRow = 1
    private let encoding: TextEncoding

    init(encoding: TextEncoding) {
        self.encoding = encoding
    }

    mutating func feed(_ bytes: [UInt8], _ body: (SheetRow) throws -> Void) throws {
        if separator == nil {
            // From the first line: tabs and no commas mean tab-separated.
            let line = bytes.prefix { $0 != 0x0A }
            separator = line.contains(0x09) && !line.contains(UInt8(ascii: ",")) ? 0x09 : UInt8(ascii: ",")
        }
        let separator = self.separator ?? UInt8(ascii: ",")
        for byte in bytes {
            if pendingCR {
                pendingCR = false
                if byte == 0x0A { continue }
            }
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    inQuotes = false
                    quoteJustClosed = true
                } else {
                    field.append(byte)
                }
                continue
            }
            if byte == UInt8(ascii: "\"") {
                if quoteJustClosed {
                    // A doubled quote inside a quoted field.
                    field.append(byte)
                    inQuotes = true
                    quoteJustClosed = false
                } else if field.isEmpty && !fieldWasQuoted {
                    inQuotes = true
                    fieldWasQuoted = true
                    quoteStartRow = rowNumber
                } else {
                    field.append(byte)
                }
                continue
            }
            quoteJustClosed = false
            switch byte {
            case separator:
                try endField()
            case 0x0D:
                try endRecord(body)
                pendingCR = true
            case 0x0A:
                try endRecord(body)
            default:
                field.append(byte)
            }
        }
    }

    mutating func finish(_ body: (SheetRow) throws -> Void) throws {
        if inQuotes { throw SpreadsheetError.unterminatedQuote(row: quoteStartRow) }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { try endRecord(body) }
    }

    private mutating func endField() throws {
        guard let text = String(validating: field, as: UTF8.self) else {
            throw SpreadsheetError.undecodableText(row: rowNumber, encoding: encoding.rawValue)
        }
        fields.append(text.isEmpty ? .empty : .text(text))
        field.removeAll(keepingCapacity: true)
        fieldWasQuoted = false
        quoteJustClosed = false
    }

    private mutating func endRecord(_ body: (SheetRow) throws -> Void) throws {
        try endField()
        while let last = fields.last, case .empty = last { fields.removeLast() }
        if !fields.isEmpty { try body(SheetRow(number: rowNumber, cells: fields)) }
        fields.removeAll(keepingCapacity: true)
        rowNumber += 1
    }
}
