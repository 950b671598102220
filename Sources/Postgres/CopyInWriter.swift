import CLibPQ

/// Writes rows for `PostgresConnection.copyIn` in COPY text format, buffering them and sending
/// `PQputCopyData` chunks of about 64 KiB.
///
/// Only valid inside the `copyIn` body it was handed to, on that body's thread.
public struct CopyInWriter {
    /// Chunk size that triggers a send.
    static let chunkSize = 64 * 1024

    private let handle: OpaquePointer
    private var buffer: [UInt8] = []
    /// Rows written so far (buffered or sent).
    public private(set) var rowsWritten = 0
    /// Set when `PQputCopyData` failed; the server's reason is then read by `copyIn`.
    private(set) var sendFailed = false

    init(handle: OpaquePointer) {
        self.handle = handle
        self.buffer.reserveCapacity(Self.chunkSize + 4096)
    }

    /// Appends one row in COPY text format: columns separated by tabs; `\`, tab, newline and carriage
    /// return escaped with a backslash; `nil` written as `\N` (SQL NULL).
    ///
    /// - Throws: `.copyFailed` when a chunk could not be sent (the connection broke or the server
    ///   already rejected the data; `copyIn` then reports the server's error instead).
    public mutating func row(_ values: [String?]) throws(PostgresError) {
        for (index, value) in values.enumerated() {
            if index > 0 {
                self.buffer.append(UInt8(ascii: "\t"))
            }
            guard let value else {
                self.buffer.append(UInt8(ascii: "\\"))
                self.buffer.append(UInt8(ascii: "N"))
                continue
            }
            for byte in value.utf8 {
                switch byte {
                case UInt8(ascii: "\\"):
                    self.buffer.append(UInt8(ascii: "\\"))
                    self.buffer.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "\t"):
                    self.buffer.append(UInt8(ascii: "\\"))
                    self.buffer.append(UInt8(ascii: "t"))
                case UInt8(ascii: "\n"):
                    self.buffer.append(UInt8(ascii: "\\"))
                    self.buffer.append(UInt8(ascii: "n"))
                case UInt8(ascii: "\r"):
                    self.buffer.append(UInt8(ascii: "\\"))
                    self.buffer.append(UInt8(ascii: "r"))
                default:
                    self.buffer.append(byte)
                }
            }
        }
        self.buffer.append(UInt8(ascii: "\n"))
        self.rowsWritten += 1
        if self.buffer.count >= Self.chunkSize {
            try self.flush()
        }
    }

    /// Sends whatever is buffered. `copyIn` calls this after the body returns.
    mutating func flush() throws(PostgresError) {
        guard !self.buffer.isEmpty else {
            return
        }
        guard !self.sendFailed else {
            throw .copyFailed(message: "an earlier chunk could not be sent")
        }
        let handle = self.handle
        let sent = self.buffer.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                PQputCopyData(handle, chars.baseAddress, Int32(chars.count))
            }
        }
        guard sent == 1 else {
            self.sendFailed = true
            let message = PQerrorMessage(handle).map { String(cString: $0).trimmingTrailingWhitespace() } ?? ""
            throw .copyFailed(message: message.isEmpty ? "PQputCopyData failed" : message)
        }
        self.buffer.removeAll(keepingCapacity: true)
    }
}
