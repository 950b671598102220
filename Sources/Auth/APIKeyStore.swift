import Engine
import Planner
import Postgres

/// One row of `api_key`, as `qunji keys list` shows it (never the key itself, which is not stored).
public struct APIKeyRecord: Sendable, Hashable {
    public let id: Int
    public let name: String
    public let role: Role
    public let region: String?
    public let prefix: String
    public let createdAt: String
    public let revokedAt: String?
}

/// Why a key could not be created or revoked.
public enum APIKeyStoreError: Error, CustomStringConvertible {
    case invalidRegion(String)
    case duplicateName(String)
    case notFound(String)

    public var description: String {
        switch self {
        case .invalidRegion(let code): return "\(code) is not a prefecture code of Guizhou (e.g. 520300)"
        case .duplicateName(let name): return "a key named \"\(name)\" already exists; revoke it or choose another name"
        case .notFound(let what): return "no active key has the name, prefix or id \"\(what)\""
        }
    }
}

/// Creates, lists and revokes API keys in `api_key` (run as the owner, not as the read-only server role).
public enum APIKeyStore {
    static let columns = "id::text, name, role, region_code, prefix, to_char(created_at, 'YYYY-MM-DD\"T\"HH24:MI:SSOF'), "
        + "to_char(revoked_at, 'YYYY-MM-DD\"T\"HH24:MI:SSOF')"

    /// Creates a key and returns it with its record: the only time the key is ever shown.
    public static func create(name: String, role: Role, region: String?, on connection: PostgresConnection) throws -> (APIKey, APIKeyRecord) {
        if let region {
            guard try connection.query("SELECT 1 FROM prefecture WHERE code = $1", [region]).count == 1 else {
                throw APIKeyStoreError.invalidRegion(region)
            }
        }
        let key = APIKey.generate()
        do {
            let rows = try connection.query(
                "INSERT INTO api_key (name, role, region_code, prefix, key_hash) VALUES ($1, $2, $3, $4, $5) RETURNING \(columns)",
                [name, role.rawValue, region, key.prefix, key.hash])
            guard let record = try records(rows).first else { throw APIKeyStoreError.notFound(name) }
            return (key, record)
        } catch let error as PostgresError where error.sqlState == .uniqueViolation {
            throw APIKeyStoreError.duplicateName(name)
        }
    }

    /// Every key, newest first, revoked ones included.
    public static func list(on connection: PostgresConnection) throws -> [APIKeyRecord] {
        try records(connection.query("SELECT \(columns) FROM api_key ORDER BY created_at DESC, id DESC"))
    }

    /// Revokes the active key with this name, prefix or id.
    public static func revoke(_ nameOrPrefix: String, on connection: PostgresConnection) throws -> APIKeyRecord {
        let rows = try connection.query("""
            UPDATE api_key SET revoked_at = now()
            WHERE revoked_at IS NULL AND (name = $1 OR prefix = $1 OR id::text = $1)
            RETURNING \(columns)
            """, [nameOrPrefix])
        guard let record = try records(rows).first else { throw APIKeyStoreError.notFound(nameOrPrefix) }
        return record
    }

    /// The principal an active key grants, or nil for an unknown or revoked key. Asked on the request path, so it goes
    /// through the pool's non-blocking statements.
    public static func principal(for key: APIKey, in pool: ConnectionPool) async throws -> Principal? {
        let rows = try await pool.queryPrepared(
            "SELECT role, region_code, name FROM api_key WHERE key_hash = $1 AND revoked_at IS NULL", [key.hash])
        guard rows.count == 1, let roleText = rows[0, 0], let role = Role(rawValue: roleText) else { return nil }
        return Principal(role: role, region: rows[0, 1], subject: "key:" + (rows[0, 2] ?? key.prefix))
    }

    private static func records(_ rows: PostgresRows) throws -> [APIKeyRecord] {
        (0..<rows.count).compactMap { row in
            guard let id = rows[row, 0].flatMap({ Int($0) }), let name = rows[row, 1],
                  let role = rows[row, 2].flatMap({ Role(rawValue: $0) }), let prefix = rows[row, 4],
                  let created = rows[row, 5] else { return nil }
            return APIKeyRecord(id: id, name: name, role: role, region: rows[row, 3], prefix: prefix, createdAt: created,
                                revokedAt: rows[row, 6])
        }
    }
}
