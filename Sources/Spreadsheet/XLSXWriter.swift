import Foundation
import ZIPFoundation

/// Writes an Excel workbook (.xlsx): as little of Office Open XML as a valid workbook needs — the content types,
/// the relationships, the workbook with its sheets, three cell formats, and each sheet's cells. Excel, WPS,
/// LibreOffice and openpyxl open it (the tests check the last two).
///
/// Each sheet is streamed to a temporary file and deflated into the archive when it is done, so memory stays flat
/// however many rows are written. The workbook is complete only after `close()`; until then the file at `url` is
/// not a workbook.
public final class XLSXWriter {
    public let url: URL
    private let archive: Archive
    private let scratch: URL
    private var sheetNames: [String] = []
    private var closed = false

    /// Creates (or replaces) the workbook at `url`.
    public init(url: URL) throws {
        self.url = url
        try? FileManager.default.removeItem(at: url)
        do {
            archive = try Archive(url: url, accessMode: .create)
        } catch {
            throw SpreadsheetError.io("Cannot create the workbook \(url.path): \(error). 无法创建工作簿。")
        }
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("qunji-xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: scratch)
    }

    /// Adds a sheet; `write` appends its rows. With `freezeHeader`, the first row stays in view while scrolling;
    /// `dimension` (rows and columns, when known before the rows are written) is written ahead of them for readers.
    public func addSheet(_ name: String, columnWidths: [Double] = [], freezeHeader: Bool = false,
                         dimension: (rows: Int, columns: Int)? = nil,
                         _ write: (inout SheetXMLWriter) throws -> Void) throws {
        try Self.validate(sheetName: name, existing: sheetNames)
        let file = scratch.appendingPathComponent("sheet\(sheetNames.count + 1).xml")
        var writer = try SheetXMLWriter(url: file, columnWidths: columnWidths, freezeHeader: freezeHeader, dimension: dimension)
        try write(&writer)
        try writer.finish()
        sheetNames.append(name)
        try add(path: "xl/worksheets/sheet\(sheetNames.count).xml", file: file)
        try? FileManager.default.removeItem(at: file)
    }

    /// Writes the parts that describe the sheets and finishes the archive.
    public func close() throws {
        guard !closed else { return }
        closed = true
        if sheetNames.isEmpty {
            // A workbook needs a sheet.
            try addSheet("Sheet1") { _ in }
        }
        try add(path: "[Content_Types].xml", data: WorkbookParts.contentTypes(sheetCount: sheetNames.count))
        try add(path: "_rels/.rels", data: WorkbookParts.packageRelationships())
        try add(path: "xl/workbook.xml", data: WorkbookParts.workbook(sheetNames: sheetNames))
        try add(path: "xl/_rels/workbook.xml.rels", data: WorkbookParts.workbookRelationships(sheetCount: sheetNames.count))
        try add(path: "xl/styles.xml", data: Data(WorkbookParts.styles.utf8))
        try? FileManager.default.removeItem(at: scratch)
    }

    /// Excel's rules for a sheet name: 1 to 31 characters, none of `: \ / ? * [ ]`, not starting or ending with an
    /// apostrophe, unique regardless of case.
    static func validate(sheetName name: String, existing: [String]) throws {
        let forbidden = forbiddenInSheetNames
        guard !name.isEmpty, name.count <= 31, !name.contains(where: forbidden.contains), !name.hasPrefix("'"),
              !name.hasSuffix("'"), !existing.contains(where: { $0.lowercased() == name.lowercased() }) else {
            throw SpreadsheetError.invalidSheetName(name)
        }
    }

    /// Every entry is dated 1980-01-01 (the zip format's epoch): the same records give the same bytes, so two
    /// exports can be compared as files.
    static let entryDate = Date(timeIntervalSince1970: 315_532_800)

    static let forbiddenInSheetNames: Set<Character> = [":", "\\", "/", "?", "*", "[", "]"]

    /// A name Excel accepts for a sheet, made from any text (a sheet of a file, a table of an answer): the characters
    /// it refuses dropped, cut to 31, and numbered `name (2)` when `used` (lower-cased) has it already; added to `used`.
    public static func sheetName(for text: String, used: inout Set<String>) -> String {
        let forbidden = forbiddenInSheetNames
        var base = String(text.filter { !forbidden.contains($0) }.prefix(31))
        while base.hasPrefix("'") { base.removeFirst() }
        while base.hasSuffix("'") { base.removeLast() }
        if base.isEmpty { base = "sheet" }
        var candidate = base
        var number = 2
        while used.contains(candidate.lowercased()) {
            let suffix = " (\(number))"
            candidate = String(base.prefix(31 - suffix.count)) + suffix
            number += 1
        }
        used.insert(candidate.lowercased())
        return candidate
    }

    private func add(path: String, file: URL) throws {
        do {
            let size = try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int64 ?? 0
            guard let handle = FileHandle(forReadingAtPath: file.path) else { throw SpreadsheetError.io("cannot read \(file.path)") }
            defer { try? handle.close() }
            try archive.addEntry(with: path, type: .file, uncompressedSize: size, modificationDate: Self.entryDate,
                                 compressionMethod: .deflate, bufferSize: 1 << 16) { position, chunk in
                // Exactly `chunk` bytes (a read may return fewer): the deflated bytes depend on the chunks given.
                try handle.seek(toOffset: UInt64(position))
                var data = Data()
                while data.count < chunk, let more = try handle.read(upToCount: chunk - data.count), !more.isEmpty {
                    data.append(more)
                }
                return data
            }
        } catch {
            throw SpreadsheetError.io("Cannot write \(path) into the workbook: \(error)")
        }
    }

    private func add(path: String, data: Data) throws {
        do {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: Self.entryDate,
                                 compressionMethod: .deflate, provider: { position, size in
                                     data.subdata(in: Int(position)..<Int(position) + size)
                                 })
        } catch {
            throw SpreadsheetError.io("Cannot write \(path) into the workbook: \(error)")
        }
    }
}
