-- { clusters(where: {revocationRiskCount: {gt: 0}}) { nodes { code } } }
SELECT (json_build_object('clusters', (SELECT json_build_object('nodes', coalesce(json_agg(p2.n0 ORDER BY p2.k0 ASC NULLS LAST, p2.k1 ASC NULLS LAST), ('[]')::json)) FROM (SELECT json_build_object('code', to_json(t1.code)) AS n0, t1.code AS k0, t1.id AS k1 FROM cluster t1 WHERE ((SELECT count(*)::int FROM cluster_revocation_risks(t1.id, qunji_today()) sub_rr) > $1::bigint) ORDER BY t1.code ASC NULLS LAST, t1.id ASC NULLS LAST LIMIT $2::bigint) p2)))::text;
-- parameters: '0' (literal 0), '50'
-- plan cache mode: automatic
