-- { clusters(orderBy: [{revocationRiskCount: DESC}]) { nodes { code } } }
SELECT (json_build_object('clusters', (SELECT json_build_object('nodes', coalesce(json_agg(p2.n0 ORDER BY p2.k0 DESC NULLS FIRST, p2.k1 ASC NULLS LAST), ('[]')::json)) FROM (SELECT json_build_object('code', to_json(t1.code)) AS n0, (SELECT count(*)::int FROM cluster_revocation_risks(t1.id, qunji_today()) sub_rr) AS k0, t1.id AS k1 FROM cluster t1 ORDER BY (SELECT count(*)::int FROM cluster_revocation_risks(t1.id, qunji_today()) sub_rr) DESC NULLS FIRST, t1.id ASC NULLS LAST LIMIT $1::bigint) p2)))::text;
-- parameters: '50'
-- plan cache mode: generic
