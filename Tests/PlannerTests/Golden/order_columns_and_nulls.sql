-- { clusters(orderBy: [{validUntil: DESC_NULLS_LAST}, {name: ASC_NULLS_FIRST}]) { nodes { code } } }
SELECT (json_build_object('clusters', (SELECT json_build_object('nodes', coalesce(json_agg(p2.n0 ORDER BY p2.k0 DESC NULLS LAST, p2.k1 ASC NULLS FIRST, p2.k2 ASC NULLS LAST), ('[]')::json)) FROM (SELECT json_build_object('code', to_json(t1.code)) AS n0, (SELECT sub_v.valid_until FROM clusters_valid_on(qunji_today()) sub_v WHERE sub_v.cluster_id = t1.id) AS k0, t1.name AS k1, t1.id AS k2 FROM cluster t1 ORDER BY (SELECT sub_v.valid_until FROM clusters_valid_on(qunji_today()) sub_v WHERE sub_v.cluster_id = t1.id) DESC NULLS LAST, t1.name ASC NULLS FIRST, t1.id ASC NULLS LAST LIMIT $1::bigint) p2)))::text;
-- parameters: '50'
-- plan cache mode: generic
