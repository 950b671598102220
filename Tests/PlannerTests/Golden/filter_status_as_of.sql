-- { clusters(asOf: "2024-01-01", where: {status: {eq: RECOGNIZED}}) { nodes { code status } } }
SELECT (json_build_object('clusters', (SELECT json_build_object('nodes', coalesce(json_agg(p2.n0 ORDER BY p2.k0 ASC NULLS LAST, p2.k1 ASC NULLS LAST), ('[]')::json)) FROM (SELECT json_build_object('code', to_json(t1.code), 'status', to_json((SELECT sub_st.status FROM clusters_status_on($1::date) sub_st WHERE sub_st.cluster_id = t1.id))) AS n0, t1.code AS k0, t1.id AS k1 FROM cluster t1 WHERE ((SELECT sub_st.status FROM clusters_status_on($1::date) sub_st WHERE sub_st.cluster_id = t1.id) = $2::text) ORDER BY t1.code ASC NULLS LAST, t1.id ASC NULLS LAST LIMIT $3::bigint) p2)))::text;
-- parameters: '2024-01-01' (literal 0), 'RECOGNIZED' (literal 1), '50'
-- plan cache mode: automatic
