import CLibPQ

extension PostgresConnection {
    /// Runs `COPY ... FROM STDIN` (text format) and streams the rows that `body` writes.
    ///
    /// `body` gets a `CopyInWriter`; each `row(_:)` is escaped and buffered, and sent in ~64 KiB
    /// chunks. When `body` returns, the copy is ended with `PQputCopyEnd` and the final status read.
    ///
    /// libpq does not look at the server's replies while COPY data flows, so a rejection of an early
    /// row is reported when the copy ends (the server skips the rest of the data). The COPY is one
    /// statement: on any error nothing is inserted.
    ///
    /// - Returns: the number of rows copied, as the server reports it.
    /// - Throws: `.server` when the server rejects the data (e.g. `22P02` for text that is not a valid
    ///   value of the column type); whatever `body` throws, after the COPY has been aborted on the
    ///   server (so nothing is inserted and the connection stays usable); `.copyFailed` when the
    ///   statement is not a `COPY ... FROM STDIN`.
    public func copyIn(_ copyStatement: String, _ body: (inout CopyInWriter) throws -> Void) throws -> Int {
        let handle = try self.openHandle()
        guard let start = PQexec(handle, copyStatement) else {
            throw self.error(from: nil)
        }
        let status = PQresultStatus(start)
        guard status == PGRES_COPY_IN else {
            switch status {
            case PGRES_COPY_OUT, PGRES_COPY_BOTH:
                PQclear(start)
                self.abandonCopy()
                throw PostgresError.copyFailed(message: "copyIn(_:_:) needs COPY ... FROM STDIN, not COPY ... TO STDOUT")
            case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
                PQclear(start)
                throw PostgresError.copyFailed(message: "the statement did not start COPY ... FROM STDIN")
            default:
                defer { PQclear(start) }
                throw self.error(from: start)
            }
        }
        PQclear(start)

        var writer = CopyInWriter(handle: handle)
        do {
            try body(&writer)
            try writer.flush()
        } catch {
            _ = PQputCopyEnd(handle, "COPY aborted by the client: \(error)")
            let serverError = self.collectCopyResults().error
            // When sending failed, the server usually said why (bad data); that is the real cause.
            if writer.sendFailed, let serverError {
                throw serverError
            }
            throw error
        }
        guard PQputCopyEnd(handle, nil) == 1 else {
            let failure = PostgresError.copyFailed(message: Self.errorMessage(handle))
            throw self.collectCopyResults().error ?? failure
        }
        let outcome = self.collectCopyResults()
        if let error = outcome.error {
            throw error
        }
        return outcome.rows
    }

    /// Reads results until `PQgetResult` returns NULL: the row count of the final `COMMAND_OK` and the
    /// first error, if any.
    func collectCopyResults() -> (rows: Int, error: PostgresError?) {
        guard let handle = self.handle else {
            return (0, .connectionLost(message: "the connection has been closed"))
        }
        var rows = 0
        var firstError: PostgresError?
        while let result = PQgetResult(handle) {
            let status = PQresultStatus(result)
            switch status {
            case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
                rows = PQcmdTuples(result).flatMap { Int(String(cString: $0)) } ?? 0
                PQclear(result)
            case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
                PQclear(result)
                // Still in COPY although we ended it: give up on this connection's state.
                if !self.endCopyOrDrain(status: status) {
                    firstError = firstError ?? .connectionLost(message: Self.errorMessage(handle))
                    return (rows, firstError)
                }
            default:
                if firstError == nil {
                    firstError = self.error(from: result)
                }
                PQclear(result)
            }
        }
        if firstError == nil, PQstatus(handle) != CONNECTION_OK {
            firstError = .connectionLost(message: Self.errorMessage(handle))
        }
        return (rows, firstError)
    }

    /// Gets the session out of a COPY that nobody is going to feed or read, discarding all results.
    func abandonCopy() {
        _ = self.endCopyOrDrain(status: PGRES_COPY_IN)
        _ = self.collectCopyResults()
    }

    /// Ends COPY FROM STDIN with an error, or reads and drops COPY TO STDOUT data. `false` if libpq refused.
    private func endCopyOrDrain(status: ExecStatusType) -> Bool {
        guard let handle = self.handle else {
            return false
        }
        if status == PGRES_COPY_OUT {
            var buffer: UnsafeMutablePointer<CChar>? = nil
            while true {
                let length = PQgetCopyData(handle, &buffer, 0)
                if let data = buffer {
                    PQfreemem(data)
                    buffer = nil
                }
                if length < 0 {
                    return length == -1
                }
            }
        }
        return PQputCopyEnd(handle, "COPY abandoned by the client") == 1
    }
}
