/// Text-format statement parameters laid out as the C array that `PQexecParams`/`PQexecPrepared` want.
///
/// All values live in one NUL-separated buffer; `nil` becomes a null pointer (SQL NULL).
enum TextParameters {
    /// Calls `body` with `count` and the `const char * const *` array, valid only during the call.
    ///
    /// - Throws: `.server` with `22021` when a value contains a NUL character: PostgreSQL text cannot
    ///   hold one, and libpq would silently cut the value short at it.
    static func withCArray<Result>(
        _ parameters: [String?],
        _ body: (Int32, UnsafePointer<UnsafePointer<CChar>?>?) throws(PostgresError) -> Result
    ) throws(PostgresError) -> Result {
        if parameters.isEmpty {
            return try body(0, nil)
        }
        var totalBytes = 0
        for (index, parameter) in parameters.enumerated() {
            guard let parameter else { continue }
            if parameter.utf8.contains(0) {
                throw .server(ServerError(
                    sqlState: .characterNotInRepertoire,
                    message: "parameter $\(index + 1) contains a NUL character, which PostgreSQL text cannot hold"
                ))
            }
            totalBytes += parameter.utf8.count + 1
        }
        let buffer = UnsafeMutableBufferPointer<CChar>.allocate(capacity: max(totalBytes, 1))
        defer { buffer.deallocate() }
        let pointers = UnsafeMutableBufferPointer<UnsafePointer<CChar>?>.allocate(capacity: parameters.count)
        defer { pointers.deallocate() }

        var offset = 0
        for (index, parameter) in parameters.enumerated() {
            guard let parameter, let base = buffer.baseAddress else {
                pointers[index] = nil
                continue
            }
            let start = base + offset
            for byte in parameter.utf8 {
                buffer[offset] = CChar(bitPattern: byte)
                offset += 1
            }
            buffer[offset] = 0
            offset += 1
            pointers[index] = UnsafePointer(start)
        }
        return try body(Int32(parameters.count), UnsafePointer(pointers.baseAddress))
    }
}
