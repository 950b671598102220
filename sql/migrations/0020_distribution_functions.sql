-- 0020: the domain behind Query.distribution (regional balance, Art. 3) as functions, like the policy rules and
-- target progress, instead of SQL text written by the GraphQL compiler (issue 17 §4). The compiler groups their rows
-- by bucket (a cluster's bucket is the value clusterGroups groups by), for the figures a request asks, over the
-- clusters its filter keeps.
--
-- Both are single-SELECT SQL functions, STABLE and not STRICT, so PostgreSQL inlines them into the statement
-- that calls them: the dimension (a constant there) selects one branch of each UNION ALL at planning, and columns a
-- request does not use, with the joins only they need, are planned away.

-- The buckets of a dimension, every one of them (empty ones too), with their display order.
CREATE FUNCTION distribution_buckets(p_dimension text)
RETURNS TABLE (code text, name text, rank int)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT p.code, p.name, 0 FROM prefecture p WHERE p_dimension = 'PREFECTURE'
    UNION ALL
    SELECT k.code, k.name, 0 FROM county k WHERE p_dimension = 'COUNTY'
    UNION ALL
    SELECT b.code, b.name, b.rank::int FROM industrial_base b WHERE p_dimension = 'INDUSTRIAL_BASE'
    UNION ALL
    SELECT 'NONE', '无所属基地', 32767 WHERE p_dimension = 'INDUSTRIAL_BASE'
    UNION ALL
    SELECT s.code, s.name, s.rank::int FROM cluster_status s WHERE p_dimension = 'STATUS'
    UNION ALL
    SELECT DISTINCT c.leading_industry, c.leading_industry, 0 FROM cluster c WHERE p_dimension = 'LEADING_INDUSTRY'
$$;
COMMENT ON FUNCTION distribution_buckets(text) IS
    'Query.distribution: the buckets of a dimension (PREFECTURE, COUNTY, INDUSTRIAL_BASE with NONE last, STATUS, LEADING_INDUSTRY), with their display rank.';

-- Each cluster's figures on a day, from its kept summary (migration 0014): enterprises; support approved by the day
-- (the kept total, except for clusters with a measure approved after the day, which are recounted, found through the
-- index on the day a measure is known: none for today); the output of its latest year before the day's year (a year's
-- figures exist once it is over: the kept latest year when it is earlier, as it is for today, else looked up).
CREATE FUNCTION cluster_figures_on(p_day date)
RETURNS TABLE (cluster_id bigint, enterprises integer, support_total numeric, latest_output numeric)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT s.cluster_id, s.enterprise_count,
           CASE WHEN late.cluster_id IS NULL THEN s.support_total_yuan ELSE late.by_day END,
           CASE WHEN s.latest_indicator_year < extract(year FROM p_day) THEN s.latest_output_value
                ELSE (SELECT ci.output_value FROM cluster_indicator ci
                      WHERE ci.cluster_id = s.cluster_id AND ci.year < extract(year FROM p_day)
                      ORDER BY ci.year DESC LIMIT 1) END
    FROM cluster_summary s
    LEFT JOIN (SELECT m.cluster_id,
                      sum(m.amount_yuan) FILTER (WHERE coalesce(m.approved_on, make_date(m.year::int, 12, 31)) <= p_day) AS by_day
               FROM support_measure m
               WHERE m.cluster_id IN (SELECT l.cluster_id FROM support_measure l
                                      WHERE coalesce(l.approved_on, make_date(l.year::int, 12, 31)) > p_day)
               GROUP BY m.cluster_id) late ON late.cluster_id = s.cluster_id
$$;
COMMENT ON FUNCTION cluster_figures_on(date) IS
    'Query.distribution: per cluster on a day, its enterprises, the support approved by the day, and the output of its latest year before the day''s year.';
