-- { distribution(dimension: LEADING_INDUSTRY, where: {prefecture: {code: {eq: "520300"}}}) { key clusterCount } }
SELECT (json_build_object('distribution', (SELECT coalesce(json_agg(json_build_object('key', to_json(b1.code), 'clusterCount', to_json(coalesce(f2.v0, 0))) ORDER BY b1.rank ASC, b1.code ASC), '[]'::json) FROM distribution_buckets('LEADING_INDUSTRY') b1 LEFT JOIN (SELECT c7.leading_industry AS key, count(*) AS v0 FROM cluster_figures_on(qunji_today()) cf3 JOIN cluster c7 ON (c7.id = cf3.cluster_id) WHERE (c7.applicant_county_code IN (SELECT sub_county.code FROM county sub_county
    WHERE sub_county.prefecture_code = $1::text) AND EXISTS (SELECT 1 FROM prefecture t9 WHERE (t9.code = $1::text))) GROUP BY c7.leading_industry) f2 ON (f2.key = b1.code) WHERE EXISTS (SELECT 1 FROM cluster c10 WHERE (c10.leading_industry = b1.code) AND (c10.applicant_county_code IN (SELECT sub_county.code FROM county sub_county
    WHERE sub_county.prefecture_code = $1::text) AND EXISTS (SELECT 1 FROM prefecture t11 WHERE (t11.code = $1::text)))))))::text;
-- parameters: '520300' (literal 1)
-- plan cache mode: automatic
