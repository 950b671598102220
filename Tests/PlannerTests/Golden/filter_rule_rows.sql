-- { clusters(where: {revocationRisks: {some: {ground: {eq: REPORTING_FAILURE}}, asOf: "2025-06-30"}}) { nodes { code } } }
SELECT (json_build_object('clusters', (SELECT json_build_object('nodes', coalesce(json_agg(p2.n0 ORDER BY p2.k0 ASC NULLS LAST, p2.k1 ASC NULLS LAST), ('[]')::json)) FROM (SELECT json_build_object('code', to_json(t1.code)) AS n0, t1.code AS k0, t1.id AS k1 FROM cluster t1 WHERE EXISTS (SELECT 1 FROM cluster_revocation_risks(t1.id, $1::date) t3 WHERE (t3.ground_code = $2::text)) ORDER BY t1.code ASC NULLS LAST, t1.id ASC NULLS LAST LIMIT $3::bigint) p2)))::text;
-- parameters: '2025-06-30' (literal 1), 'REPORTING_FAILURE' (literal 0), '50'
-- plan cache mode: automatic
