-- { distribution(dimension: STATUS, asOf: "2024-06-30") { key clusterCount } }
SELECT (json_build_object('distribution', (SELECT coalesce(json_agg(json_build_object('key', to_json(b1.code), 'clusterCount', to_json(coalesce(f2.v0, 0))) ORDER BY b1.rank, b1.code), '[]'::json) FROM (SELECT code, name, rank FROM cluster_status) b1 LEFT JOIN (SELECT c3_st.status AS key, count(*) AS v0 FROM cluster c3 JOIN cluster_summary s4 ON s4.cluster_id = c3.id JOIN clusters_status_on($1::date) c3_st ON c3_st.cluster_id = c3.id GROUP BY 1) f2 ON f2.key = b1.code)))::text;
-- parameters: '2024-06-30'
