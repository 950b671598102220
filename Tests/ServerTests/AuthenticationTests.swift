@testable import Auth
import Engine
import Foundation
import Planner
import Postgres
@testable import Server
import TestSupport
import Testing

/// Credentials on the GraphQL endpoint (issue 6 §2): API keys from the database and HS256 JWTs become the
/// principal a request runs as; refused ones get 401 with `WWW-Authenticate` and `UNAUTHENTICATED`.
@Suite("Authentication")
struct AuthenticationTests {
    static let json = ("Content-Type", "application/json")
    static let body = #"{"query":"{ __typename }"}"#
    static let secret = "a-test-secret-that-is-long-enough-0123456789"

    static func bearer(_ credential: String) -> (String, String) { ("Authorization", "Bearer " + credential) }

    @Test("API keys: the key's role and region; revoked or unknown keys are refused; only the hash is stored")
    func apiKeys() async throws {
        let database = try await ProjectDatabase.migrated("auth-keys")
        let (key, revoked) = try await ProjectDatabase.withConnection(database) { connection in
            let (key, _) = try APIKeyStore.create(name: "zunyi", role: .analyst, region: "520300", on: connection)
            let (other, _) = try APIKeyStore.create(name: "old", role: .admin, region: nil, on: connection)
            _ = try APIKeyStore.revoke("old", on: connection)
            // Nothing but the hash and the prefix is stored.
            let stored = try connection.query("SELECT count(*) FROM api_key WHERE key_hash = $1 AND prefix = $2", [key.hash, key.prefix]).scalar
            #expect(stored == "1")
            #expect(try connection.query("SELECT count(*) FROM api_key WHERE position($1 IN key_hash || prefix || name) > 0", [key.text]).scalar == "0")
            return (key, other)
        }
        await #expect(throws: APIKeyStoreError.self) {
            try await ProjectDatabase.withConnection(database) { _ = try APIKeyStore.create(name: "x", role: .analyst, region: "999900", on: $0) }
        }
        let pool = ConnectionPool(configuration: database, options: .init(size: 1), logger: quietLogger)
        defer { Task { await pool.shutdown() } }
        let executor = ScriptedExecutor(body: #"{"data":{}}"#)
        try await withTestServer(executor, authenticator: Authenticator(pool: pool, tokens: nil)) { client in
            let ok = try await client.send("POST", "/graphql", headers: [Self.json, Self.bearer(key.text)], body: Self.body)
            #expect(ok.status == 200)
            for credential in [revoked.text, "qj_" + String(repeating: "a", count: 32), "qj_short"] {
                let refused = try await client.send("POST", "/graphql", headers: [Self.json, Self.bearer(credential)], body: Self.body)
                #expect(refused.status == 401)
                #expect(refused.header("www-authenticate") == #"Bearer realm="qunji""#)
                #expect(String(decoding: refused.body, as: UTF8.self).contains(#""code":"UNAUTHENTICATED""#))
            }
            let malformed = try await client.send("POST", "/graphql", headers: [Self.json, ("Authorization", "Basic eDp5")], body: Self.body)
            #expect(malformed.status == 401)
            // Without credentials: anonymous. A JWT where none is accepted: refused.
            #expect(try await client.send("POST", "/graphql", headers: [Self.json], body: Self.body).status == 200)
            #expect(try await client.send("POST", "/graphql", headers: [Self.json, Self.bearer("eyJ.x.y")], body: Self.body).status == 401)
        }
        var principals = executor.received.map(\.principal)
        #expect(principals.first?.keyPrefix == key.prefix, "the key is named by its prefix in the audit log")
        principals[0].keyPrefix = nil
        #expect(principals == [Principal(role: .analyst, region: "520300", subject: "key:zunyi"), .anonymous])
    }

    @Test("JWTs: valid, expired, not yet valid, wrong signature, unknown role, bad region")
    func tokens() async throws {
        let verifier = try await TokenVerifier(secret: Self.secret)
        let forger = try await TokenVerifier(secret: String(repeating: "x", count: 40))
        let hour: TimeInterval = 3600
        let valid = try await verifier.sign(role: "fund_manager", region: "520100", subject: "alice", expires: Date().addingTimeInterval(hour))
        let expired = try await verifier.sign(role: "analyst", expires: Date().addingTimeInterval(-hour))
        let early = try await verifier.sign(role: "analyst", expires: Date().addingTimeInterval(2 * hour), notBefore: Date().addingTimeInterval(hour))
        let forged = try await forger.sign(role: "admin", expires: Date().addingTimeInterval(hour))
        let stranger = try await verifier.sign(role: "superuser", expires: Date().addingTimeInterval(hour))
        let badRegion = try await verifier.sign(role: "analyst", region: "'; DROP TABLE x; --", expires: Date().addingTimeInterval(hour))
        // Regions shaped like prefecture codes that are not Guizhou's prefectures: Beijing's districts, the
        // province, a county.
        var signedOtherRegions: [String] = []
        for region in ["110100", "520000", "520302", "529900"] {
            signedOtherRegions.append(try await verifier.sign(role: "analyst", region: region, expires: Date().addingTimeInterval(hour)))
        }
        let otherRegions = signedOtherRegions
        // HS256-signed, but the header claims another algorithm (or none).
        let claimsRS256 = try await verifier.sign(role: "admin", expires: Date().addingTimeInterval(hour), claimedAlgorithm: "RS256")
        let claimsNone = try await verifier.sign(role: "admin", expires: Date().addingTimeInterval(hour), claimedAlgorithm: "none")
        let executor = ScriptedExecutor(body: #"{"data":{}}"#)
        try await withTestServer(executor, authenticator: Authenticator(pool: nil, tokens: verifier)) { client in
            #expect(try await client.send("POST", "/graphql", headers: [Self.json, Self.bearer(valid)], body: Self.body).status == 200)
            let refusals: [(String, String)] = [
                (expired, "time claims"), (early, "time claims"), (forged, "not a valid HS256 token"),
                (stranger, "role \\\"superuser\\\""), (badRegion, "not a prefecture code"), ("not-a-token", "its header is not"),
                (claimsRS256, "names the algorithm RS256"), (claimsNone, "names the algorithm none"),
            ]
            let regionRefusals: [(String, String)] = otherRegions.map { ($0, "not a prefecture code") }
            for (token, why) in refusals + regionRefusals {
                let reply = try await client.send("POST", "/graphql", headers: [Self.json, Self.bearer(token)], body: Self.body)
                #expect(reply.status == 401)
                let text = String(decoding: reply.body, as: UTF8.self)
                #expect(text.contains(why) && text.contains("UNAUTHENTICATED"), "\(text)")
            }
        }
        #expect(executor.received.map(\.principal) == [Principal(role: .fundManager, region: "520100", subject: "jwt:alice")])
        await #expect(throws: AuthenticationError.weakSecret) { try await TokenVerifier(secret: "short") }
        // The same token with its header claiming HS256 is the valid one: only the header differs.
        #expect(TokenVerifier.headerAlgorithm(valid) == "HS256" && TokenVerifier.headerAlgorithm(claimsRS256) == "RS256")
    }

    @Test("the prefectures a region may name are exactly the prefecture rows of the administrative divisions")
    func prefectureCodes() throws {
        let divisions = try String(contentsOf: Repository.url("sql/data/divisions.csv"), encoding: .utf8)
        var prefectures: [String] = []
        for line in divisions.split(whereSeparator: \.isNewline) {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            if fields.count > 3, fields[3] == "prefecture" { prefectures.append(String(fields[0])) }
        }
        #expect(Set(prefectures) == Principal.prefectureCodes && prefectures.count == 9)
    }

    @Test("a verified token is answered from the cache, but never past its exp")
    func tokenCacheEndsAtExpiry() async throws {
        let verifier = try await TokenVerifier(secret: Self.secret)
        // JWT times are whole seconds: this token expires 2-3 s from now, well inside the 60 s cache lifetime.
        let shortLived = try await verifier.sign(role: "analyst", expires: Date().addingTimeInterval(3))
        let authenticator = Authenticator(pool: nil, tokens: verifier, cacheLifetime: .seconds(60))
        let header = "Bearer " + shortLived
        #expect(try await authenticator.principal(authorization: header).get().role == .analyst)
        #expect(try await authenticator.principal(authorization: header).get().role == .analyst)
        try await Task.sleep(for: .seconds(4))
        let late = await authenticator.principal(authorization: header)
        guard case .failure(.invalidToken(let why)) = late else {
            Issue.record("an expired token was accepted from the cache: \(late)")
            return
        }
        #expect(why.contains("time claims"))
        // Surrounding whitespace and the scheme's case do not matter; anything but one credential is malformed.
        let token = try await verifier.sign(role: "fund_manager", expires: Date().addingTimeInterval(3600))
        #expect(try await authenticator.principal(authorization: "  bearer \t" + token + " ").get().role == .fundManager)
        #expect(await authenticator.principal(authorization: "Bearer " + token + " extra") == .failure(.malformedHeader))
        #expect(await authenticator.principal(authorization: "   ") == .success(.anonymous))
    }

    @Test("the server's database role reads and cannot write; its sessions are read-only even as the owner")
    func readOnlyRole() async throws {
        let database = try await ProjectDatabase.migrated("auth-readonly")
        let reader = ConnectionPool(configuration: database.user("qunji_server"), options: .init(size: 1), logger: quietLogger)
        defer { Task { await reader.shutdown() } }
        #expect(try await reader.query("SELECT count(*) FROM prefecture").scalar == "9")
        let denied = await #expect(throws: PostgresError.self) {
            try await reader.query("INSERT INTO data_set (code, kind, title, description, source) VALUES ('x', 'sample', 't', 'd', 's')")
        }
        #expect(denied?.sqlState == .insufficientPrivilege)
        await #expect(throws: PostgresError.self) { try await reader.query("DELETE FROM prefecture") }
        // The owner's connections, with the server's session settings, refuse writes too.
        let owner = ConnectionPool(configuration: database, options: .init(size: 1, sessionSettings: QueryService.sessionSettings),
                                   logger: quietLogger)
        defer { Task { await owner.shutdown() } }
        let readOnly = await #expect(throws: PostgresError.self) { try await owner.query("DELETE FROM prefecture") }
        #expect(readOnly?.sqlState == "25006")
        #expect(try await owner.query("SELECT count(*) FROM prefecture").scalar == "9")
    }
}
