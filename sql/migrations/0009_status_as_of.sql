-- 0009: a cluster's status and validity on any date, derived from its recorded events (Art. 12-19), as
-- SQL functions so filters, ordering, groups and aggregates can use them in the same statement.

CREATE FUNCTION cluster_status_on(p_cluster_id bigint, p_day date) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE
        -- A newer application than the last recognition, undecided on the day: applying (again).
        WHEN a.submitted_on IS NOT NULL AND (r.recognized_on IS NULL OR a.submitted_on > r.recognized_on)
             AND (a.decided_on IS NULL OR a.decided_on > p_day) THEN 'APPLYING'
        WHEN r.id IS NOT NULL THEN
            CASE WHEN EXISTS (SELECT 1 FROM revocation v WHERE v.recognition_id = r.id AND v.revoked_on <= p_day) THEN 'REVOKED'
                 WHEN p_day < r.valid_until THEN 'RECOGNIZED'
                 ELSE 'EXPIRED' END
        WHEN a.outcome_code = 'REJECTED' THEN 'REJECTED'
        ELSE 'CULTIVATING'
    END
    FROM (SELECT 1) AS one
    LEFT JOIN LATERAL (SELECT * FROM recognition WHERE cluster_id = p_cluster_id AND recognized_on <= p_day
                       ORDER BY recognized_on DESC LIMIT 1) r ON true
    LEFT JOIN LATERAL (SELECT * FROM application WHERE cluster_id = p_cluster_id AND submitted_on <= p_day
                       ORDER BY submitted_on DESC, id DESC LIMIT 1) a ON true
$$;
COMMENT ON FUNCTION cluster_status_on(bigint, date) IS 'Status of a cluster on a day, from its events: RECOGNIZED within 3 years of its latest recognition (Art. 16; a re-review starts a new period), REVOKED once that recognition is revoked (Art. 19), EXPIRED after it lapses, APPLYING while a newer application is undecided, REJECTED after a rejection, CULTIVATING otherwise (the pool, Art. 7).';

CREATE FUNCTION cluster_valid_until_on(p_cluster_id bigint, p_day date) RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT r.valid_until FROM recognition r
    WHERE r.cluster_id = p_cluster_id AND r.recognized_on <= p_day AND p_day < r.valid_until
      AND NOT EXISTS (SELECT 1 FROM revocation v WHERE v.recognition_id = r.id AND v.revoked_on <= p_day)
    ORDER BY r.recognized_on DESC LIMIT 1
$$;
COMMENT ON FUNCTION cluster_valid_until_on(bigint, date) IS 'End (exclusive) of the recognition in force on a day; NULL when none is (Art. 16, 19).';

CREATE FUNCTION cluster_review_due_on(p_cluster_id bigint, p_day date) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce((
        SELECT r.valid_until - p_day <= 90
               AND NOT EXISTS (SELECT 1 FROM review w WHERE w.recognition_id = r.id AND w.requested_on <= p_day)
        FROM recognition r
        WHERE r.cluster_id = p_cluster_id AND r.recognized_on <= p_day
          AND NOT EXISTS (SELECT 1 FROM revocation v WHERE v.recognition_id = r.id AND v.revoked_on <= p_day)
          AND NOT EXISTS (SELECT 1 FROM recognition later WHERE later.cluster_id = r.cluster_id
                          AND later.recognized_on > r.recognized_on AND later.recognized_on <= p_day)
        ORDER BY r.recognized_on DESC LIMIT 1), false)
$$;
COMMENT ON FUNCTION cluster_review_due_on(bigint, date) IS 'true when the latest unrevoked recognition ends within 90 days of the day, or has ended, and no re-review of it was requested by then (Art. 16).';
