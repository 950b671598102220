import Foundation
import Planner
import Postgres

/// Mutations (issue 20): every step of one operation in one transaction on the writer pool, as `qunji_writer`; each
/// step's policy checked by its database function, its audit event written, its payload read before the commit.
extension QueryService {
    /// Runs a compiled mutation for `request` and answers `{"data":{…}}`, or the errors that refused it (nothing written).
    func execute(_ mutation: CompiledMutation, for request: QueryRequest) async -> QueryResult {
        guard let writer else {
            return .rejected(errors: [GraphQLResponseError(
                message: "This server does not record steps: it was started without --enable-mutations.", code: "MUTATIONS_DISABLED")])
        }
        let principal = request.principal
        let principalKey = [principal.role.rawValue, principal.subject ?? "-", principal.scope ?? "-", principal.fund ?? "-"]
            .joined(separator: "|")
        let fingerprint = Self.fingerprint(request)
        // The step running, for the `path` of its error (the body runs on this task, so a local variable can tell).
        var running: String?
        let outcome: MutationOutcome
        do {
            outcome = try await writer.transaction(timeout: limits.statementTimeout) { transaction throws(PostgresError) in
                if let key = request.idempotencyKey {
                    _ = try await transaction.query(MutationSQL.forgetExpiredKey, [principalKey, key])
                    _ = try await transaction.query(MutationSQL.purgeExpiredKeys)
                    if try await transaction.query(MutationSQL.claimKey, [principalKey, key, fingerprint]).count == 0 {
                        let kept = try await transaction.query(MutationSQL.keptAnswer, [principalKey, key, fingerprint])
                        guard kept.count == 1, kept[0, 0] == "t" else { return .keyReused }
                        return .replayed(kept[0, 1] ?? "")
                    }
                }
                var data: [String] = []
                var tables: Set<String> = []
                for responseKey in mutation.responseKeys {
                    if mutation.typenameKeys.contains(responseKey) {
                        data.append(Self.jsonString(responseKey) + ":\"Mutation\"")
                        continue
                    }
                    guard let step = mutation.steps.first(where: { $0.responseKey == responseKey }) else { continue }
                    let actor = Self.actor(request, mutation: step.mutation)
                    running = responseKey
                    let result = try await transaction.query(MutationSQL.step, [step.function, step.input, actor]).scalar ?? "{}"
                    tables.formUnion(Self.changedTables(result))
                    // Bound as when it compiled (the same values, the same checks): a refusal here would have come then.
                    let parameters: [String?]
                    do throws(QueryError) {
                        parameters = try mutation.payloadParameters(step, result: result)
                    } catch {
                        throw .server(ServerError(sqlState: .qunjiBadInput, message: error.responseError.message))
                    }
                    let payload = try await transaction.query(step.payload.sql, parameters).scalar
                    data.append(Self.jsonString(responseKey) + ":" + (payload ?? "null"))
                }
                let body = "{\"data\":{" + data.joined(separator: ",") + "}}"
                if let key = request.idempotencyKey {
                    _ = try await transaction.query(MutationSQL.keepAnswer, [principalKey, key, body])
                }
                return .applied(body, tables: tables)
            }
        } catch {
            return failure(error, request: request, responseKey: running)
        }
        switch outcome {
        case .applied(let body, let tables):
            // This server's cached answers that read a changed table go now, before the notification arrives: the caller's
            // next read sees its write.
            if let answers {
                for table in tables.union(Self.derivedTables) { answers.cache.tableChanged(table) }
            }
            logger.info("mutation recorded", metadata: ["request_id": "\(request.requestID ?? "-")", "role": "\(principal.role.rawValue)",
                                                        "subject": "\(principal.subject ?? "-")",
                                                        "steps": "\(mutation.steps.map(\.mutation).joined(separator: ","))"])
            return .executed(body: Array(body.utf8))
        case .replayed(let body):
            return .executed(body: Array(body.utf8))
        case .keyReused:
            return .rejected(errors: [GraphQLResponseError(
                message: "This Idempotency-Key was used for another request in the last 24 hours; use a new key for a new request.",
                code: "IDEMPOTENCY_KEY_REUSED")])
        }
    }

    /// What the transaction ended with.
    private enum MutationOutcome: Sendable {
        case applied(String, tables: Set<String>)
        case replayed(String)
        case keyReused
    }

    /// The tables kept by triggers from the process tables (cluster_summary, …): a step changes them without naming them.
    static let derivedTables: Set<String> = ["cluster_summary", "cluster_title", "cluster_incident"]

    /// The tables a step's answer says it changed.
    static func changedTables(_ result: String) -> [String] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(result.utf8)) as? [String: Any],
              let tables = object["tables"] as? [String] else { return [] }
        return tables
    }

    /// Who acts, for the step's checks and its audit event, as JSON.
    static func actor(_ request: QueryRequest, mutation: String) -> String {
        let principal = request.principal
        var fields: [(String, String?)] = [("role", principal.role.rawValue), ("scope", principal.scope), ("fund", principal.fund),
                                           ("subject", principal.subject.map { subject in
                                               principal.keyPrefix.map { "\(subject) (\($0))" } ?? subject }),
                                           ("requestId", request.requestID), ("client", request.clientAddress)]
        fields.append(("mutation", mutation))
        return "{" + fields.compactMap { key, value in value.map { jsonString(key) + ":" + jsonString($0) } }.joined(separator: ",") + "}"
    }

    /// What makes two requests the same for an idempotency key: the document, the operation and the variables.
    static func fingerprint(_ request: QueryRequest) -> String {
        "[" + jsonString(request.query) + "," + (request.operationName.map(jsonString) ?? "null") + ","
            + (AnswerCache.canonicalVariables(request) ?? "?") + "]"
    }

    /// The errors of a mutation that wrote nothing.
    private func failure(_ error: any Error, request: QueryRequest, responseKey: String?) -> QueryResult {
        let path = responseKey.map { [GraphQLResponseError.PathComponent.key($0)] }
        if let failure = error as? PostgresError, failure.isConnectionError {
            return .unavailable(errors: [GraphQLResponseError(message: "The database is unavailable; nothing was recorded. Try again shortly.",
                                                              code: "DATABASE_UNAVAILABLE")])
        }
        let refusal: GraphQLResponseError
        if case .server(let server)? = error as? PostgresError, let mapped = PolicyRefusal.error(for: server, path: path) {
            refusal = mapped
        } else if case .poolTimeout? = error as? PostgresError {
            refusal = GraphQLResponseError(message: "The database is busy: no connection became free in time; nothing was recorded. Try again.",
                                           path: path, code: LimitCode.databaseBusy)
        } else {
            logger.error("mutation failed", metadata: ["error": "\(error)", "request_id": "\(request.requestID ?? "-")"])
            refusal = GraphQLResponseError(message: "The database could not record this step; nothing was recorded.", path: path,
                                           code: "INTERNAL_SERVER_ERROR")
        }
        return .executed(body: Self.body(data: "null", errors: [refusal]), errorCode: refusal.code)
    }
}

