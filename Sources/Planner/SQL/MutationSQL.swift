/// The statements a mutation runs besides its payloads (issue 20): the step itself, through the dispatcher of migration
/// 0025, and the idempotency records. Written here, beside the renderer, as all of the server's SQL is.
package enum MutationSQL {
    /// One step: `mutation_run(function, input, actor)` answers the ids its payload reads, the audit event's id and the
    /// tables it changed, as JSON text.
    package static let step = SQLRenderer.render(SQLSelect(
        columns: [(.cast(.call("mutation_run", [.parameter(slot: 0, cast: "text"), .parameter(slot: 1, cast: "json"),
                                                .parameter(slot: 2, cast: "json")]), "text"), nil)],
        from: []))

    /// Forgets this key when it is older than 24 hours, so that it may be used again.
    package static let forgetExpiredKey = """
        DELETE FROM idempotency_record WHERE principal = $1 AND key = $2 AND created_at < now() - interval '24 hours'
        """

    /// Forgets up to 100 other keys older than 24 hours, skipping any another transaction holds: the table keeps about a
    /// day's keys without a job of its own, and no two requests wait on each other for it (`created_at` is indexed).
    package static let purgeExpiredKeys = """
        DELETE FROM idempotency_record WHERE ctid IN (
            SELECT ctid FROM idempotency_record WHERE created_at < now() - interval '24 hours'
            ORDER BY created_at LIMIT 100 FOR UPDATE SKIP LOCKED)
        """

    /// Claims a key for this request: a row when claimed; none when the key is taken (after waiting for a concurrent
    /// request holding it to commit or roll back).
    package static let claimKey = """
        INSERT INTO idempotency_record (principal, key, request_sha256)
        VALUES ($1, $2, encode(sha256(convert_to($3, 'UTF8')), 'hex'))
        ON CONFLICT (principal, key) DO NOTHING RETURNING 1
        """

    /// A taken key's request fingerprint (compared with this request's) and its first answer.
    package static let keptAnswer = """
        SELECT request_sha256 = encode(sha256(convert_to($3, 'UTF8')), 'hex'), response
        FROM idempotency_record WHERE principal = $1 AND key = $2
        """

    /// Keeps the answer of the request that claimed the key.
    package static let keepAnswer = "UPDATE idempotency_record SET response = $3 WHERE principal = $1 AND key = $2"
}
