/// Why a request's credentials were refused: answered with HTTP 401, `WWW-Authenticate: Bearer` and a GraphQL
/// error whose `extensions.code` is `UNAUTHENTICATED` (the message says which of these it was).
public enum AuthenticationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The Authorization header is not `Bearer <credential>`.
    case malformedHeader
    /// An API key that does not exist or was revoked.
    case unknownKey
    /// A JWT that fails verification, with the reason.
    case invalidToken(String)
    /// A JWT, but this server has no secret to verify tokens with.
    case tokensNotAccepted
    /// A credential naming a role this server does not have.
    case unknownRole(String)
    /// A region claim that is not a prefecture code.
    case badRegion(String)
    /// The configured JWT secret is shorter than 32 bytes.
    case weakSecret
    /// An API key could not be checked because the database did not answer (HTTP 503, `DATABASE_UNAVAILABLE`).
    case databaseUnavailable

    public var description: String {
        switch self {
        case .malformedHeader: return "The Authorization header must be \"Bearer\" followed by an API key or a token."
        case .unknownKey: return "The API key is not valid: it does not exist or was revoked."
        case .invalidToken(let why): return "The token is refused: \(why)."
        case .tokensNotAccepted: return "This server does not accept tokens; use an API key."
        case .unknownRole(let role): return "The credential names the role \"\(role)\", which this server does not have."
        case .badRegion(let region):
            return "The credential's region \"\(region)\" is not a prefecture code of Guizhou (a county code for a county officer)."
        case .weakSecret: return "The JWT secret must be at least 32 bytes long."
        case .databaseUnavailable: return "The API key could not be checked: the database is unavailable. Try again."
        }
    }

    /// `extensions.code` of the error.
    public var code: String {
        self == .databaseUnavailable ? "DATABASE_UNAVAILABLE" : "UNAUTHENTICATED"
    }

    /// The HTTP status to answer with.
    public var httpStatus: Int {
        self == .databaseUnavailable ? 503 : 401
    }
}
