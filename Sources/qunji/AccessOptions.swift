import ArgumentParser
import Auth
import Engine
import Foundation
import Planner
import Server

/// Who may call `qunji serve` and what they see: the JWT secret and the roles that may introspect.
struct AccessOptions: ParsableArguments {
    @Option(name: .customLong("jwt-secret-file"),
            help: "File holding the HS256 secret that signs accepted JWTs (at least 32 bytes); or $QUNJI_JWT_SECRET. Without one, only API keys are accepted.")
    var jwtSecretFile: String?

    @Option(name: .customLong("introspection"),
            help: "Comma-separated roles that may introspect the schema (default: all; or $QUNJI_INTROSPECTION), e.g. analyst,fund_manager,admin.")
    var introspection: String?

    @Flag(name: .customLong("persisted-only"),
          help: "Run trusted documents only: those of --persisted-manifest, or registered by an admin (or $QUNJI_PERSISTED_ONLY=1).")
    var persistedOnly = false

    @Option(name: .customLong("persisted-manifest"),
            help: "Trusted documents: an Apollo persisted-query manifest, or a JSON object of SHA-256 → document ($QUNJI_PERSISTED_MANIFEST).")
    var persistedManifest: String?

    /// The persisted-document store: automatic persisted queries, or trusted documents only.
    func persistedDocuments(environment: [String: String], budget: Int) throws -> PersistedDocuments {
        let only = persistedOnly || environment["QUNJI_PERSISTED_ONLY"] == "1"
        var manifest: [String: String] = [:]
        if let path = persistedManifest ?? environment["QUNJI_PERSISTED_MANIFEST"].flatMap({ $0.isEmpty ? nil : $0 }) {
            do {
                manifest = try PersistedDocuments.loadManifest(from: URL(fileURLWithPath: path))
            } catch {
                throw ValidationError("--persisted-manifest \(path): \(error)")
            }
        }
        return PersistedDocuments(mode: only ? .trustedOnly : .automatic, manifest: manifest, budget: budget)
    }

    /// The verifier for the configured secret, or nil when none is configured.
    func tokenVerifier(environment: [String: String]) async throws -> TokenVerifier? {
        var secret: String?
        if let jwtSecretFile {
            secret = try String(contentsOfFile: jwtSecretFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        } else if let value = environment["QUNJI_JWT_SECRET"], !value.isEmpty {
            secret = value
        }
        guard let secret else { return nil }
        do {
            return try await TokenVerifier(secret: secret)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// The roles that may introspect.
    func introspectionRoles(environment: [String: String]) throws -> Set<Role> {
        guard let list = introspection ?? environment["QUNJI_INTROSPECTION"], !list.isEmpty else { return Set(Role.allCases) }
        var roles = Set<Role>()
        for name in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
            guard let role = Role(rawValue: name) else {
                throw ValidationError("--introspection: unknown role \"\(name)\" (roles: \(Role.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            roles.insert(role)
        }
        return roles
    }
}
