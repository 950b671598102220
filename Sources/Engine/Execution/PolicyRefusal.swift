import Catalog
import Planner
import Postgres

/// A database refusal of a mutation as the GraphQL error the caller reads: the policy's refusals (SQLSTATE QJ422 from
/// migration 0025's functions, and the constraints and triggers of the data model) as `POLICY_VIOLATION` with the
/// article, the rule and the Chinese; a record that moved or a step already recorded as `CONFLICT`; an unknown record
/// as `NOT_FOUND`; a value PostgreSQL cannot take as `BAD_USER_INPUT`.
enum PolicyRefusal {
    static let policyViolation: SQLState = "QJ422"
    static let conflict: SQLState = "QJ409"
    static let notFound: SQLState = "QJ404"

    /// The error for `server`, or nil when it is not a refusal but a fault (logged, answered INTERNAL_SERVER_ERROR).
    static func error(for server: ServerError, path: [GraphQLResponseError.PathComponent]?) -> GraphQLResponseError? {
        func details(article: String?, rule: String?, chinese: String?) -> [GraphQLResponseError.Detail] {
            [article.map { .init("article", $0) }, rule.map { .init("rule", $0) }, chinese.map { .init("messageZh", $0) }]
                .compactMap { $0 }
        }
        switch server.sqlState {
        case policyViolation:
            return GraphQLResponseError(message: server.message, path: path, code: "POLICY_VIOLATION",
                                        details: details(article: server.hint, rule: server.constraint, chinese: server.detail))
        case conflict:
            return GraphQLResponseError(message: server.message, path: path, code: "CONFLICT",
                                        details: details(article: nil, rule: server.constraint, chinese: server.detail))
        case notFound:
            return GraphQLResponseError(message: server.message, path: path, code: "NOT_FOUND",
                                        details: details(article: nil, rule: nil, chinese: server.detail))
        case .checkViolation, .foreignKeyViolation, .notNullViolation, .raiseException:
            // A rule of the data model (a CHECK, a trigger, a deferred check at commit): the same refusal, worded by the
            // database in English and here in Chinese by the rule's name.
            let chinese = server.constraint.flatMap { Catalog.refusalsInChinese[$0] }
            return GraphQLResponseError(message: server.message, path: path, code: "POLICY_VIOLATION",
                                        details: details(article: chinese.flatMap(Catalog.article(inChinese:)), rule: server.constraint,
                                                         chinese: chinese))
        case .uniqueViolation:
            return GraphQLResponseError(message: "This step is already recorded (\(server.constraint ?? "a unique key")).", path: path,
                                        code: "CONFLICT", details: details(article: nil, rule: server.constraint, chinese: "此环节已登记"))
        case .qunjiBadInput:
            return GraphQLResponseError(message: server.message, path: path, code: "BAD_USER_INPUT")
        default:
            guard server.sqlState.errorClass == "22" else { return nil }
            return GraphQLResponseError(message: "A value in the input is not valid here: \(server.message).", path: path,
                                        code: "BAD_USER_INPUT")
        }
    }
}
