import Foundation

/// Writes a CSV file that Excel opens with its Chinese intact: UTF-8 with a byte-order mark (without one, Excel on a
/// Chinese Windows reads the bytes as GB18030), CRLF line ends, fields quoted where RFC 4180 says. Days are written
/// `YYYY-MM-DD`, numbers as they are, booleans `TRUE`/`FALSE`.
public struct CSVWriter: ~Copyable {
    private let handle: FileHandle
    private var buffer: [UInt8] = [0xEF, 0xBB, 0xBF]

    public init(url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil),
              let handle = FileHandle(forWritingAtPath: url.path) else {
            throw SpreadsheetError.io("Cannot write \(url.path). 无法写入文件。")
        }
        self.handle = handle
    }

    public mutating func append(_ cells: [CellValue]) throws {
        for (index, cell) in cells.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: ",")) }
            guard let text = cell.displayText else { continue }
            let bytes = Array(text.utf8)
            let needsQuotes = bytes.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
                || bytes.first == 0x20 || bytes.last == 0x20
            if needsQuotes {
                buffer.append(UInt8(ascii: "\""))
                for byte in bytes {
                    if byte == UInt8(ascii: "\"") { buffer.append(byte) }
                    buffer.append(byte)
                }
                buffer.append(UInt8(ascii: "\""))
            } else {
                buffer.append(contentsOf: bytes)
            }
        }
        buffer.append(contentsOf: [0x0D, 0x0A])
        if buffer.count >= 1 << 20 { try flush() }
    }

    public consuming func close() throws {
        try flush()
        try handle.close()
    }

    private mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw SpreadsheetError.io("Cannot write the CSV file: \(error.localizedDescription)")
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
