import Compiler
import Foundation
import Logging
import Postgres

/// Turns a request's `Authorization` header into a principal: none → anonymous; `Bearer qj_…` → the API key's
/// role and region; `Bearer <JWT>` → the token's claims (when a secret is configured).
///
/// Key lookups are cached for `cacheLifetime` (a revoked key stops working within that time), misses too, so
/// a flood of wrong keys costs the database one query per key per lifetime.
///
/// - Important: `@unchecked Sendable` because the cache is touched only with `lock` held.
public final class Authenticator: @unchecked Sendable {
    private let pool: ConnectionPool?
    private let tokens: TokenVerifier?
    private let cacheLifetime: Duration
    private let lock = NSLock()
    private var cache: [String: (principal: Principal?, until: ContinuousClock.Instant)] = [:]
    private static let cacheCapacity = 10_000

    /// - Parameters:
    ///   - pool: where `api_key` is read; nil: API keys are refused.
    ///   - tokens: the JWT verifier; nil: tokens are refused.
    public init(pool: ConnectionPool?, tokens: TokenVerifier?, cacheLifetime: Duration = .seconds(10)) {
        self.pool = pool
        self.tokens = tokens
        self.cacheLifetime = cacheLifetime
    }

    public func principal(authorization: String?) async -> Result<Principal, AuthenticationError> {
        guard let header = authorization?.trimmingCharacters(in: .whitespaces), !header.isEmpty else {
            return .success(.anonymous)
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return .failure(.malformedHeader) }
        let credential = parts[1].trimmingCharacters(in: .whitespaces)
        if credential.hasPrefix("qj_") {
            guard let key = APIKey(credential) else { return .failure(.unknownKey) }
            return await principal(for: key)
        }
        guard let tokens else { return .failure(.tokensNotAccepted) }
        return await tokens.principal(for: credential)
    }

    private func principal(for key: APIKey) async -> Result<Principal, AuthenticationError> {
        let hash = key.hash
        let now = ContinuousClock.now
        let cached: Principal?? = lock.withLock {
            guard let entry = cache[hash], entry.until > now else { return nil }
            return .some(entry.principal)
        }
        if let cached {
            return cached.map { .success($0) } ?? .failure(.unknownKey)
        }
        guard let pool else { return .failure(.unknownKey) }
        let found: Principal?
        do {
            found = try await pool.withConnection { connection in try APIKeyStore.principal(for: key, on: connection) }
        } catch {
            // The database is unreachable: refuse without caching, so the key works again when it returns.
            return .failure(.databaseUnavailable)
        }
        lock.withLock {
            if cache.count >= Self.cacheCapacity { cache.removeAll() }
            cache[hash] = (found, now + cacheLifetime)
        }
        return found.map { .success($0) } ?? .failure(.unknownKey)
    }
}
