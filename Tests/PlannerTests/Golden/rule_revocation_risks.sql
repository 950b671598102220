-- { cluster(code: "GZTS-520382-01") { revocationRisks(asOf: "2025-06-30") { ground since evidence } revocationRiskCount } }
SELECT (json_build_object('cluster', (SELECT json_build_object('revocationRisks', (SELECT coalesce(json_agg(json_build_object('ground', to_json(d2.ground_code), 'since', to_json(d2.since), 'evidence', to_json(d2.evidence)) ORDER BY d2.ordinality ASC), '[]'::json) FROM (SELECT sub_o.*, row_number() OVER () AS ordinality FROM cluster_revocation_risks(t1.id, $1::date) sub_o) d2), 'revocationRiskCount', to_json((SELECT count(*)::int FROM cluster_revocation_risks(t1.id, qunji_today()) sub_rr))) FROM cluster t1 WHERE (t1.code = $2::text) LIMIT 1)))::text;
-- parameters: '2025-06-30' (literal 1), 'GZTS-520382-01' (literal 0)
-- plan cache mode: automatic
