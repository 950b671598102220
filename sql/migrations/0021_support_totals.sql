-- 0021: the domain behind the support totals (supportByYear, supportByDirection, supportByPrefecture,
-- supportByCluster, supportByFund on Fund and Cluster; Art. 7-10) as functions, like distribution (0020) and target
-- progress (0019), instead of SQL written by the GraphQL compiler (issue 17 §4).
--
-- One row per key of the dimension: the measures of the owner (a fund, or a cluster) totalled. Single-SELECT SQL
-- functions, STABLE and not STRICT, so PostgreSQL inlines them into the statement: the dimension and the owner's kind
-- are constants there, so each CASE below folds to one expression when the statement is planned, the joins only other
-- dimensions need are removed, and the condition on the owner is a plain comparison the indexes serve. (One grouped
-- query with a CASE, not a UNION ALL of one grouped branch per dimension: PostgreSQL keeps the aggregation of a branch
-- it knows is empty, and runs it once per owner row.)

-- Per year (YEAR), cultivation direction (DIRECTION), fund (FUND: measures without one left out) or cluster (CLUSTER):
-- the key as text, the reference the keys are ordered by (the year, the direction's rank, else 0), the amount and
-- the number of measures.
CREATE FUNCTION support_totals(p_dimension text, p_owner_kind text, p_fund text, p_cluster bigint)
RETURNS TABLE (key text, ref int, amount numeric, measures bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE p_dimension WHEN 'YEAR' THEN m.year::text WHEN 'DIRECTION' THEN m.direction_code
                            WHEN 'FUND' THEN m.fund_code ELSE c.code END,
           CASE p_dimension WHEN 'YEAR' THEN m.year::int WHEN 'DIRECTION' THEN d.rank::int ELSE 0 END,
           sum(m.amount_yuan), count(*)
    FROM support_measure m
    LEFT JOIN support_direction d ON d.code = m.direction_code
    LEFT JOIN cluster c ON c.id = m.cluster_id
    WHERE CASE p_owner_kind WHEN 'FUND' THEN m.fund_code = p_fund ELSE m.cluster_id = p_cluster END
      AND (p_dimension <> 'FUND' OR m.fund_code IS NOT NULL)
    GROUP BY 1, 2
$$;
COMMENT ON FUNCTION support_totals(text, text, text, bigint) IS
    'Support totals of a fund (p_owner_kind FUND, p_fund) or a cluster (CLUSTER, p_cluster) per YEAR, DIRECTION, FUND or CLUSTER: key, ordering reference, amount, number of measures.';

-- Per prefecture of the measures' clusters: every prefecture, zero included, so a map can draw all nine.
CREATE FUNCTION support_totals_by_prefecture(p_owner_kind text, p_fund text, p_cluster bigint)
RETURNS TABLE (key text, ref int, amount numeric, measures bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT p.code, 0, sum(m.amount_yuan), count(m.id)
    FROM prefecture p
    LEFT JOIN (support_measure m JOIN cluster c ON c.id = m.cluster_id JOIN county k ON k.code = c.applicant_county_code)
           ON k.prefecture_code = p.code
          AND CASE p_owner_kind WHEN 'FUND' THEN m.fund_code = p_fund ELSE m.cluster_id = p_cluster END
    GROUP BY p.code
$$;
COMMENT ON FUNCTION support_totals_by_prefecture(text, text, bigint) IS
    'Support totals of a fund or a cluster per prefecture of the measures'' clusters, every prefecture listed: key, 0, amount, number of measures.';
