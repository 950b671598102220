import Engine
import Planner
import Postgres

/// One row of `api_key`, as `qunji keys list` shows it (never the key itself, which is not stored).
public struct APIKeyRecord: Sendable, Hashable {
    public let id: Int
    public let name: String
    public let role: Role
    public let region: String?
    /// For a fund manager: the one fund whose support measures it may record.
    public let fund: String?
    public let prefix: String
    public let createdAt: String
    public let revokedAt: String?
}

/// Why a key could not be created or revoked.
public enum APIKeyStoreError: Error, CustomStringConvertible {
    case invalidRegion(String)
    case invalidCounty(String)
    case missingScope(Role)
    case invalidFund(String)
    case fundForOtherRole(Role)
    case duplicateName(String)
    case notFound(String)

    public var description: String {
        switch self {
        case .invalidRegion(let code): return "\(code) is not a prefecture code of Guizhou (e.g. 520300)"
        case .invalidCounty(let code): return "\(code) is not a county code of Guizhou (e.g. 520382): a county officer acts for one county"
        case .missingScope(let role):
            return "a \(role.rawValue) key needs --region: \(role == .countyOfficer ? "its county's code (e.g. 520382)" : "its prefecture's code (e.g. 520300)")"
        case .invalidFund(let code): return "no fund has the code \(code) (qunji query '{ funds { nodes { code name } } }' lists them)"
        case .fundForOtherRole(let role): return "--fund limits a fund manager's key; the role \(role.rawValue) records no support measures"
        case .duplicateName(let name): return "a key named \"\(name)\" already exists; revoke it or choose another name"
        case .notFound(let what): return "no active key has the name, prefix or id \"\(what)\""
        }
    }
}

/// Creates, lists and revokes API keys in `api_key` (run as the owner, not as the read-only server role).
public enum APIKeyStore {
    static let columns = "id::text, name, role, region_code, prefix, to_char(created_at, 'YYYY-MM-DD\"T\"HH24:MI:SSOF'), "
        + "to_char(revoked_at, 'YYYY-MM-DD\"T\"HH24:MI:SSOF'), fund_code"

    /// Creates a key and returns it with its record: the only time the key is ever shown.
    ///
    /// - Parameters:
    ///   - region: the scope: a county code for a county officer, a prefecture code for a prefecture officer (both need
    ///     one), or the prefecture another role's enterprise-level reads are limited to.
    ///   - fund: for a fund manager, the one fund whose support measures it may record.
    public static func create(name: String, role: Role, region: String?, fund: String? = nil,
                              on connection: PostgresConnection) throws -> (APIKey, APIKeyRecord) {
        if role == .countyOfficer || role == .prefectureOfficer, region == nil { throw APIKeyStoreError.missingScope(role) }
        if let region {
            let table = role.isScopedToCounty ? "county" : "prefecture"
            guard try connection.query("SELECT 1 FROM \(table) WHERE code = $1", [region]).count == 1 else {
                throw role.isScopedToCounty ? APIKeyStoreError.invalidCounty(region) : APIKeyStoreError.invalidRegion(region)
            }
        }
        if let fund {
            guard role == .fundManager else { throw APIKeyStoreError.fundForOtherRole(role) }
            guard try connection.query("SELECT 1 FROM fund WHERE code = $1", [fund]).count == 1 else {
                throw APIKeyStoreError.invalidFund(fund)
            }
        }
        let key = APIKey.generate()
        do {
            let rows = try connection.query(
                "INSERT INTO api_key (name, role, region_code, prefix, key_hash, fund_code) VALUES ($1, $2, $3, $4, $5, $6) RETURNING \(columns)",
                [name, role.rawValue, region, key.prefix, key.hash, fund])
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
            "SELECT role, region_code, name, fund_code FROM api_key WHERE key_hash = $1 AND revoked_at IS NULL", [key.hash])
        guard rows.count == 1, let roleText = rows[0, 0], let role = Role(rawValue: roleText) else { return nil }
        var principal = Principal.scoped(role: role, scope: rows[0, 1], subject: "key:" + (rows[0, 2] ?? key.prefix), fund: rows[0, 3])
        principal.keyPrefix = key.prefix
        return principal
    }

    private static func records(_ rows: PostgresRows) throws -> [APIKeyRecord] {
        (0..<rows.count).compactMap { row in
            guard let id = rows[row, 0].flatMap({ Int($0) }), let name = rows[row, 1],
                  let role = rows[row, 2].flatMap({ Role(rawValue: $0) }), let prefix = rows[row, 4],
                  let created = rows[row, 5] else { return nil }
            return APIKeyRecord(id: id, name: name, role: role, region: rows[row, 3], fund: rows[row, 7], prefix: prefix,
                                createdAt: created, revokedAt: rows[row, 6])
        }
    }
}
