import ArgumentParser
import Auth
import Compiler
import Foundation

/// Who may call `qunji serve` and what they see: the JWT secret and the roles that may introspect.
struct AccessOptions: ParsableArguments {
    @Option(name: .customLong("jwt-secret-file"),
            help: "File holding the HS256 secret that signs accepted JWTs (at least 32 bytes); or $QUNJI_JWT_SECRET. Without one, only API keys are accepted.")
    var jwtSecretFile: String?

    @Option(name: .customLong("introspection"),
            help: "Comma-separated roles that may introspect the schema (default: all; or $QUNJI_INTROSPECTION), e.g. analyst,fund_manager,admin.")
    var introspection: String?

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
