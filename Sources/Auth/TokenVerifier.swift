import Compiler
import Foundation
import JWTKit

/// Verifies HS256 JSON Web Tokens with a configured secret (JWTKit does the cryptography) and maps their
/// claims to a principal: `role` (one of the roles), optional `region` (a prefecture code), `sub` for logs;
/// `exp` is required and `nbf` honoured.
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
        let claims: Claims
        do {
            claims = try await keys.verify(token, as: Claims.self)
        } catch let error as JWTError where error.errorType == .claimVerificationFailure {
            return .failure(.invalidToken("its time claims do not allow it now (expired, or not valid yet)"))
        } catch {
            return .failure(.invalidToken("it is not a valid HS256 token signed with this server's secret"))
        }
        guard let role = Role(rawValue: claims.role) else { return .failure(.unknownRole(claims.role)) }
        if let region = claims.region, !Principal.isPrefectureCode(region) { return .failure(.badRegion(region)) }
        let principal = Principal(role: role, region: claims.region, subject: claims.sub.map { "jwt:" + $0.value })
        return .success(Verified(principal: principal, expires: claims.exp.value))
    }

    /// Signs claims with the same secret: for tests and for `qunji token`-style tooling.
    public func sign(role: String, region: String? = nil, subject: String? = nil, expires: Date, notBefore: Date? = nil)
        async throws -> String
    {
        try await keys.sign(Claims(sub: subject.map(SubjectClaim.init(value:)), exp: ExpirationClaim(value: expires),
                                   nbf: notBefore.map(NotBeforeClaim.init(value:)), role: role, region: region))
    }

    struct Claims: JWTPayload {
        var sub: SubjectClaim?
        var exp: ExpirationClaim
        var nbf: NotBeforeClaim?
        var role: String
        var region: String?

        func verify(using algorithm: some JWTAlgorithm) throws {
            try exp.verifyNotExpired()
            try nbf?.verifyNotBefore()
        }
    }
}
