import Engine
import Foundation
import JWTKit
import Planner

/// Verifies HS256 JSON Web Tokens with a configured secret (JWTKit does the cryptography) and maps their
/// claims to a principal: `role` (one of the roles), optional `region` (a prefecture code; a county code for a county
/// officer, for whom it is required, as it is for a prefecture officer), optional `fund` (a fund manager's one fund),
/// `sub` for logs and the audit log; `exp` is required and `nbf` honoured.
public struct TokenVerifier: Sendable {
    private let keys: JWTKeyCollection

    /// - Parameter secret: the HMAC secret shared with the token issuer; at least 32 bytes.
    public init(secret: String) async throws {
        guard secret.utf8.count >= 32 else { throw AuthenticationError.weakSecret }
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        self.keys = keys
    }

    /// The principal a valid token names, or why the token is refused.
    public func principal(for token: String) async -> Result<Principal, AuthenticationError> {
        await verify(token).map(\.principal)
    }

    /// A verified token: its principal and when it stops being valid, so callers may cache the answer until then.
    public struct Verified: Sendable {
        public let principal: Principal
        public let expires: Date
    }

    /// Verifies the signature and time claims and maps the claims, or says why the token is refused.
    public func verify(_ token: String) async -> Result<Verified, AuthenticationError> {
        // The header must name the algorithm this server verifies with. JWTKit picks the key by `kid` and
        // checks the signature with that key's algorithm, whatever `alg` says, so a token claiming RS256
        // (or `none`) but carrying an HS256 signature would otherwise pass; issuers and audits read `alg`.
        guard let algorithm = Self.headerAlgorithm(token) else {
            return .failure(.invalidToken("its header is not a base64url JSON object with an \"alg\""))
        }
        guard algorithm == "HS256" else {
            return .failure(.invalidToken("its header names the algorithm \(algorithm); this server accepts HS256 only"))
        }
        let claims: Claims
        do {
            claims = try await keys.verify(token, as: Claims.self)
        } catch let error as JWTError where error.errorType == .claimVerificationFailure {
            return .failure(.invalidToken("its time claims do not allow it now (expired, or not valid yet)"))
        } catch {
            return .failure(.invalidToken("it is not a valid HS256 token signed with this server's secret"))
        }
        guard let role = Role(rawValue: claims.role) else { return .failure(.unknownRole(claims.role)) }
        if let region = claims.region {
            let valid = role.isScopedToCounty ? Principal.isCountyCode(region) : Principal.isPrefectureCode(region)
            if !valid { return .failure(.badRegion(region)) }
        } else if role == .countyOfficer || role == .prefectureOfficer {
            return .failure(.invalidToken("a \(role.rawValue) token needs a region claim (its \(role.isScopedToCounty ? "county" : "prefecture") code)"))
        }
        if claims.fund != nil, role != .fundManager {
            return .failure(.invalidToken("a fund claim limits a fund manager; the role \(role.rawValue) records no support measures"))
        }
        let principal = Principal.scoped(role: role, scope: claims.region, subject: claims.sub.map { "jwt:" + $0.value },
                                         fund: claims.fund)
        return .success(Verified(principal: principal, expires: claims.exp.value))
    }

    /// `alg` of the token's JOSE header, or nil when the header is not base64url JSON naming one.
    static func headerAlgorithm(_ token: String) -> String? {
        guard let encoded = token.split(separator: ".", omittingEmptySubsequences: false).first,
              encoded.count <= 4096 else { return nil }
        var base64 = encoded.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64),
              let header = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return header["alg"] as? String
    }

    /// Signs claims with the same secret: for tests and for `qunji token`-style tooling.
    public func sign(role: String, region: String? = nil, subject: String? = nil, fund: String? = nil, expires: Date,
                     notBefore: Date? = nil) async throws -> String
    {
        try await sign(role: role, region: region, subject: subject, fund: fund, expires: expires, notBefore: notBefore,
                       claimedAlgorithm: nil)
    }

    /// `sign`, with a header that may claim another algorithm than the HS256 signature it carries: tests
    /// forge tokens with it.
    func sign(role: String, region: String? = nil, subject: String? = nil, fund: String? = nil, expires: Date,
              notBefore: Date? = nil, claimedAlgorithm: String?) async throws -> String
    {
        var header = JWTHeader()
        header.alg = claimedAlgorithm
        return try await keys.sign(Claims(sub: subject.map(SubjectClaim.init(value:)), exp: ExpirationClaim(value: expires),
                                          nbf: notBefore.map(NotBeforeClaim.init(value:)), role: role, region: region,
                                                 fund: fund),
                                   header: header)
    }

    struct Claims: JWTPayload {
        var sub: SubjectClaim?
        var exp: ExpirationClaim
        var nbf: NotBeforeClaim?
        var role: String
        var region: String?
        var fund: String?

        func verify(using algorithm: some JWTAlgorithm) throws {
            try exp.verifyNotExpired()
            try nbf?.verifyNotBefore()
        }
    }
}
