-- 0012: validity as a set, so questions about many clusters are answered with one join instead of a function
-- call per cluster (issue 7: targetProgress took 0.3 s at scale 100, 17 us per call of cluster_valid_until_on).
--
-- clusters_valid_on is a single-SELECT SQL function returning a table: PostgreSQL inlines it into the calling
-- query, where it becomes a hash join. cluster_valid_until_on, the per-cluster form used by Cluster.validUntil,
-- is redefined on top of it, so the rule is written once.

CREATE FUNCTION clusters_valid_on(p_day date) RETURNS TABLE (cluster_id bigint, valid_until date)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT DISTINCT ON (r.cluster_id) r.cluster_id, r.valid_until
    FROM recognition r
    WHERE r.recognized_on <= p_day AND p_day < r.valid_until
      AND NOT EXISTS (SELECT 1 FROM revocation v WHERE v.recognition_id = r.id AND v.revoked_on <= p_day)
    ORDER BY r.cluster_id, r.recognized_on DESC
$$;
COMMENT ON FUNCTION clusters_valid_on(date) IS 'Clusters holding a recognition in force on a day (recognised on or before it, the day before the end of validity, not revoked by then: Art. 16, 19), with the end (exclusive) of that recognition. The latest such recognition when several overlap.';

CREATE OR REPLACE FUNCTION cluster_valid_until_on(p_cluster_id bigint, p_day date) RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT v.valid_until FROM clusters_valid_on(p_day) v WHERE v.cluster_id = p_cluster_id
$$;
COMMENT ON FUNCTION cluster_valid_until_on(bigint, date) IS 'End (exclusive) of the recognition in force on a day; NULL when none is (Art. 16, 19). The one-cluster form of clusters_valid_on.';
