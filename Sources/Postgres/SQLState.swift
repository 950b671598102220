/// A five-character SQLSTATE code as reported by the server (`PG_DIAG_SQLSTATE`).
///
/// The first two characters are the error *class*: `08` connection exceptions, `23` integrity
/// violations, `42` syntax and access rules, `57` operator intervention, and so on. Callers branch on
/// the named constants below instead of comparing strings, e.g. `error.sqlState == .uniqueViolation`.
///
/// See <https://www.postgresql.org/docs/current/errcodes-appendix.html> for the full list.
public struct SQLState: Sendable, Hashable, RawRepresentable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The code itself, e.g. `"23505"`.
    public let rawValue: String

    /// Wraps any code. The value is not validated: the server is the authority on which codes exist.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    /// The class of the code: its first two characters (`"08"`, `"23"`, ...).
    public var errorClass: String {
        String(self.rawValue.prefix(2))
    }

    /// `true` for class `08` (connection exception): the connection cannot be trusted any more.
    public var isConnectionException: Bool {
        self.errorClass == "08"
    }

    /// `true` when a connection that saw this code must not be reused: class `08`, and
    /// `57P01` admin_shutdown, `57P02` crash_shutdown, `57P03` cannot_connect_now (the server is
    /// stopping, crashed, or still starting up).
    public var isConnectionError: Bool {
        self.isConnectionException || self == .adminShutdown || self == .crashShutdown || self == .cannotConnectNow
    }

    public var description: String {
        self.rawValue
    }
}

extension SQLState {
    /// `23505` unique_violation.
    public static let uniqueViolation: SQLState = "23505"
    /// `23503` foreign_key_violation.
    public static let foreignKeyViolation: SQLState = "23503"
    /// `23514` check_violation.
    public static let checkViolation: SQLState = "23514"
    /// `23502` not_null_violation.
    public static let notNullViolation: SQLState = "23502"
    /// `P0001` raise_exception (`RAISE EXCEPTION` in PL/pgSQL).
    public static let raiseException: SQLState = "P0001"
    /// `42P01` undefined_table.
    public static let undefinedTable: SQLState = "42P01"
    /// `42703` undefined_column.
    public static let undefinedColumn: SQLState = "42703"
    /// `42601` syntax_error.
    public static let syntaxError: SQLState = "42601"
    /// `42501` insufficient_privilege.
    public static let insufficientPrivilege: SQLState = "42501"
    /// `42P04` duplicate_database.
    public static let duplicateDatabase: SQLState = "42P04"
    /// `57014` query_canceled (also raised by `statement_timeout`).
    public static let queryCanceled: SQLState = "57014"
    /// qunji's own class: a SQL function of ours rejected an argument a request gave (e.g. an unknown
    /// recognition standard); the message is written for the user.
    public static let qunjiBadInput: SQLState = "QJ400"
    /// `57P01` admin_shutdown: the server is shutting down or the backend was terminated.
    public static let adminShutdown: SQLState = "57P01"
    /// `57P02` crash_shutdown.
    public static let crashShutdown: SQLState = "57P02"
    /// `57P03` cannot_connect_now: the server is starting up or in recovery.
    public static let cannotConnectNow: SQLState = "57P03"
    /// `22P02` invalid_text_representation (e.g. `'abc'::int`, or bad data in COPY).
    public static let invalidTextRepresentation: SQLState = "22P02"
    /// `22021` character_not_in_repertoire (e.g. a NUL byte in text).
    public static let characterNotInRepertoire: SQLState = "22021"
    /// `26000` invalid_sql_statement_name: a prepared statement does not exist (e.g. after `DISCARD ALL`).
    public static let invalidSQLStatementName: SQLState = "26000"
    /// `25P02` in_failed_sql_transaction.
    public static let inFailedSQLTransaction: SQLState = "25P02"
    /// `40001` serialization_failure.
    public static let serializationFailure: SQLState = "40001"
    /// `40P01` deadlock_detected.
    public static let deadlockDetected: SQLState = "40P01"
    /// `XX000` internal_error. Also used for errors that libpq detects itself on a healthy
    /// connection, where the server sent no code.
    public static let internalError: SQLState = "XX000"
}
