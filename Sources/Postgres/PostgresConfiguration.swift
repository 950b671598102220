#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How to reach a server: a `postgresql://` URL or a `key=value` conninfo string, validated up front.
///
/// Anything the string omits falls back to libpq's own `PG*` environment variables (`PGHOST`,
/// `PGPORT`, `PGUSER`, `PGPASSWORD`, `PGDATABASE`, `PGSSLMODE`, ...) and compiled-in defaults,
/// because libpq applies them itself when it connects. The empty string is therefore valid and means
/// "libpq defaults".
///
/// Equality and hashing compare the connection string as written.
public struct PostgresConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// The string handed to `PQconnectdb`.
    public let connectionString: String
    let info: ConnectionInfo

    /// Validates `connectionString` with `PQconninfoParse`.
    ///
    /// - Throws: `PostgresError.invalidConfiguration` with libpq's explanation when it cannot be parsed.
    public init(_ connectionString: String) throws(PostgresError) {
        self.info = try ConnectionInfo(parsing: connectionString)
        self.connectionString = connectionString
    }

    private init(info: ConnectionInfo) {
        self.info = info
        self.connectionString = info.keywordValueString
    }

    /// `DATABASE_URL` if it is set and not empty, else `""` (libpq defaults plus `PG*` variables).
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(PostgresError) -> PostgresConfiguration {
        if let url = environment["DATABASE_URL"], !url.isEmpty {
            return try PostgresConfiguration(url)
        }
        return try PostgresConfiguration("")
    }

    /// The same server and credentials, another database: a `key=value` conninfo with `dbname` replaced.
    ///
    /// Used by tests (one fresh database each) and by `qunji db start`.
    public func database(_ name: String) -> PostgresConfiguration {
        var info = self.info
        info["dbname"] = name
        return PostgresConfiguration(info: info)
    }

    /// The same server and database as another user, without a password (for roles that authenticate by
    /// trust or peer, like the embedded server's read-only `qunji_server`).
    public func user(_ name: String) -> PostgresConfiguration {
        var info = self.info
        info["user"] = name
        info["password"] = nil
        return PostgresConfiguration(info: info)
    }

    /// The same settings with `keyword` set to `value` unless the string sets it already: e.g. a
    /// `connect_timeout` so that a server that does not answer cannot hang a connection attempt forever.
    public func withDefault(_ keyword: String, _ value: String) -> PostgresConfiguration {
        guard self.info[keyword] == nil else { return self }
        var info = self.info
        info[keyword] = value
        return PostgresConfiguration(info: info)
    }

    /// The explicit `dbname`, if the string sets one (libpq otherwise uses `PGDATABASE` or the user name).
    public var databaseName: String? {
        self.info["dbname"]
    }

    /// The connection string with any password replaced by `********`, safe for logs.
    public var description: String {
        if self.connectionString.isEmpty {
            return "(libpq defaults and PG* environment variables)"
        }
        guard self.info["password"] != nil else {
            return self.connectionString
        }
        var redacted = self.info
        redacted["password"] = "********"
        return redacted.keywordValueString
    }
}
