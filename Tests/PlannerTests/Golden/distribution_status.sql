-- { distribution(dimension: STATUS, asOf: "2024-06-30") { key clusterCount } }
SELECT (json_build_object('distribution', (SELECT coalesce(json_agg(json_build_object('key', to_json(b1.code), 'clusterCount', to_json(coalesce(f2.v0, 0))) ORDER BY b1.rank ASC, b1.code ASC), '[]'::json) FROM distribution_buckets('STATUS') b1 LEFT JOIN (SELECT j8.status AS key, count(*) AS v0 FROM cluster_figures_on($1::date) cf3 JOIN cluster c7 ON (c7.id = cf3.cluster_id) LEFT JOIN clusters_status_on($1::date) j8 ON (j8.cluster_id = c7.id) GROUP BY j8.status) f2 ON (f2.key = b1.code))))::text;
-- parameters: '2024-06-30' (literal 1)
-- plan cache mode: automatic
