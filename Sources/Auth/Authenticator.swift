import Engine
import Foundation
import Logging
import Planner
import Postgres

/// Turns a request's `Authorization` header into a principal: none → anonymous; `Bearer qj_…` → the API key's
/// role and region; `Bearer <JWT>` → the token's claims (when a secret is configured).
///
/// Answers are cached by the exact header for `cacheLifetime`: a revoked key stops working within that time,
/// and a token is never trusted past its `exp`. Unknown keys are cached too, so a flood of wrong keys costs the
/// database one query per key per lifetime. Refused tokens are not cached (checking one costs an HMAC, no I/O).
/// The cache is what keeps credentials off the hot path: a request with a known credential costs one
/// dictionary lookup, instead of a JWT decode (JSON, base64, HMAC) or a database round trip.
///
/// - Important: `@unchecked Sendable` because the cache is touched only with `lock` held.
public final class Authenticator: @unchecked Sendable {
    private let pool: ConnectionPool?
    private let tokens: TokenVerifier?
    private let cacheLifetime: Duration
    private let lock = NSLock()
    private var cache: ByteBoundedLRU<String, (answer: Result<Principal, AuthenticationError>, until: ContinuousClock.Instant)>
    /// Longer headers are checked every time rather than cached.
    private static let longestCachedHeader = 2048

    /// - Parameters:
    ///   - pool: where `api_key` is read; nil: API keys are refused.
    ///   - tokens: the JWT verifier; nil: tokens are refused.
    ///   - cacheBudget: bytes the cached answers may take (least recently used dropped first).
    public init(pool: ConnectionPool?, tokens: TokenVerifier?, cacheLifetime: Duration = .seconds(10),
                cacheBudget: Int = CacheBudgets.standard.credentials) {
        self.pool = pool
        self.tokens = tokens
        self.cacheLifetime = cacheLifetime
        self.cache = ByteBoundedLRU(budget: cacheBudget)
    }

    /// Cached answers, for `/metrics`.
    public var cacheUsage: CacheUsage {
        lock.withLock { CacheUsage(entries: cache.count, bytes: cache.bytes, budget: cache.budget) }
    }

    public func principal(authorization: String?) async -> Result<Principal, AuthenticationError> {
        guard let authorization else { return .success(.anonymous) }
        let now = ContinuousClock.now
        let cached = lock.withLock { () -> Result<Principal, AuthenticationError>? in
            guard let entry = cache.value(for: authorization) else { return nil }
            guard entry.until > now else {
                cache.removeValue(for: authorization)
                return nil
            }
            return entry.answer
        }
        if let cached { return cached }
        let (answer, until) = await check(authorization, now: now)
        if let until, authorization.utf8.count <= Self.longestCachedHeader {
            // The header twice (key and principal's subject at most) plus the answer's fixed size.
            let cost = 2 * CacheCost.text(authorization) + 128
            lock.withLock { _ = cache.insert((answer, until), for: authorization, cost: cost) }
        }
        return answer
    }

    /// The answer for a header not in the cache, and until when it may be cached (nil: not at all).
    private func check(_ authorization: String, now: ContinuousClock.Instant)
        async -> (Result<Principal, AuthenticationError>, until: ContinuousClock.Instant?)
    {
        let header = Self.trimmed(Substring(authorization))
        guard !header.isEmpty else { return (.success(.anonymous), now + cacheLifetime) }
        guard let space = header.firstIndex(where: { $0 == " " || $0 == "\t" }),
              header[..<space].lowercased() == "bearer" else { return (.failure(.malformedHeader), now + cacheLifetime) }
        let credential = String(Self.trimmed(header[space...]))
        guard !credential.isEmpty, !credential.contains(where: { $0 == " " || $0 == "\t" }) else {
            return (.failure(.malformedHeader), now + cacheLifetime)
        }
        if credential.hasPrefix("qj_") {
            guard let key = APIKey(credential) else { return (.failure(.unknownKey), now + cacheLifetime) }
            guard let pool else { return (.failure(.unknownKey), now + cacheLifetime) }
            do {
                let found = try await APIKeyStore.principal(for: key, in: pool)
                return (found.map { .success($0) } ?? .failure(.unknownKey), now + cacheLifetime)
            } catch {
                // The database is unreachable: refuse without caching, so the key works again when it returns.
                return (.failure(.databaseUnavailable), nil)
            }
        }
        guard let tokens else { return (.failure(.tokensNotAccepted), now + cacheLifetime) }
        switch await tokens.verify(credential) {
        case .success(let verified):
            let remaining = verified.expires.timeIntervalSinceNow
            guard remaining > 0 else { return (.success(verified.principal), nil) }
            let lifetime = min(cacheLifetime, .milliseconds(Int64(remaining * 1000)))
            return (.success(verified.principal), now + lifetime)
        case .failure(let error):
            return (.failure(error), nil)
        }
    }

    /// `text` without leading and trailing spaces and tabs (HTTP's optional whitespace).
    private static func trimmed(_ text: Substring) -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return text[first...last]
    }
}
