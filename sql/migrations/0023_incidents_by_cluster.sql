-- 0023: a cluster's disqualifying incidents found through its enterprises, whatever the planner guesses of a date
-- range (issue 18 §3).
--
-- 0010's function joined incidents to the cluster's enterprises with the lookback window in the same WHERE. With the
-- window's length unknown when the statement is planned (it comes from the standard in force), PostgreSQL estimates
-- a two-sided date range at 0.5 % of the rows and so reads every incident of the window through its date index and
-- hashes the cluster's enterprises against them: at scale 100, 2,220 incidents read for each cluster, 0.3 ms of the
-- 0.55 ms a cluster's revocation risks cost. The cluster's own incidents (a few, through the enterprise index) are
-- now taken first, then filtered by the window and the grade. Same rows, same order (the rules' tests pin both).
--
-- Measured on the scale-100 sample database (BENCHMARKS.md, "Rules as sets"): revocation risks of every cluster,
-- 1,470 ms before, 634 ms after.

CREATE OR REPLACE FUNCTION cluster_disqualifying_incidents(p_cluster_id bigint, p_day date, p_years integer)
RETURNS SETOF incident
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH own AS MATERIALIZED (
        SELECT i.* FROM enterprise e JOIN incident i ON i.enterprise_id = e.id WHERE e.cluster_id = p_cluster_id)
    SELECT i.* FROM own i
    JOIN incident_kind k ON k.code = i.kind_code
    LEFT JOIN incident_grade g ON g.code = i.grade_code
    LEFT JOIN incident_grade threshold ON threshold.code = k.disqualifying_grade_code
    WHERE i.occurred_on <= p_day AND i.occurred_on >= (p_day - make_interval(years => p_years))::date
      AND (threshold.code IS NULL OR g.rank >= threshold.rank)
    ORDER BY i.occurred_on, i.id
$$;
COMMENT ON FUNCTION cluster_disqualifying_incidents(bigint, date, integer) IS 'Incidents of the cluster''s enterprises that bar recognition (Art. 11, last paragraph): in the p_years years up to the day, both ends included (an incident exactly three years before still counts), at or above the kind''s disqualifying grade, or of an ungraded kind.';
