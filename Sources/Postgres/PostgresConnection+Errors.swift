import CLibPQ

extension PostgresConnection {
    /// Turns a failed `PGresult` (or its absence) into a `PostgresError`.
    ///
    /// - With a SQLSTATE: `.server` with all diagnostic fields.
    /// - Without one, when `PQstatus` is bad: `.connectionLost` with libpq's message.
    /// - Without one on a healthy connection (libpq-side errors): `.server` with `XX000`.
    func error(from result: OpaquePointer?) -> PostgresError {
        let handle = self.handle
        if let result, let state = Self.field(result, "C") {
            return .server(ServerError(
                sqlState: SQLState(rawValue: state),
                severity: Self.field(result, "V") ?? Self.field(result, "S") ?? "ERROR",
                message: Self.field(result, "M") ?? "",
                detail: Self.field(result, "D"),
                hint: Self.field(result, "H"),
                constraint: Self.field(result, "n"),
                table: Self.field(result, "t"),
                column: Self.field(result, "c"),
                position: Self.field(result, "P").flatMap { Int($0) }
            ))
        }
        var message = result.flatMap { PQresultErrorMessage($0) }.map { String(cString: $0).trimmingTrailingWhitespace() } ?? ""
        if message.isEmpty, let handle {
            message = Self.errorMessage(handle)
        }
        guard let handle, PQstatus(handle) == CONNECTION_OK else {
            return .connectionLost(message: message.isEmpty ? "the connection has been closed" : message)
        }
        return .server(ServerError(sqlState: .internalError, message: message.isEmpty ? "unknown libpq error" : message))
    }

    /// `PQresultErrorField` for the one-letter field codes of `postgres_ext.h` (`PG_DIAG_*`).
    private static func field(_ result: OpaquePointer, _ code: Unicode.Scalar) -> String? {
        guard let value = PQresultErrorField(result, Int32(code.value)) else {
            return nil
        }
        return String(cString: value)
    }
}
