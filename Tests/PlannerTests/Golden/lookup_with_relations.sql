-- { cluster(code: "GZTS-520382-01") { name prefecture { name } industrialBase { name } } }
SELECT (json_build_object('cluster', (SELECT json_build_object('name', to_json(t1.name), 'prefecture', (SELECT json_build_object('name', to_json(t2.name)) FROM prefecture t2 WHERE t1.applicant_county_code IN (SELECT sub_county.code FROM county sub_county
    WHERE sub_county.prefecture_code = t2.code) LIMIT 1), 'industrialBase', (SELECT json_build_object('name', to_json(t3.name)) FROM industrial_base t3 WHERE t3.code = t1.industrial_base_code LIMIT 1)) FROM cluster t1 WHERE (t1.code = $1::text) LIMIT 1)))::text;
-- parameters: 'GZTS-520382-01' (literal 0)
-- plan cache mode: generic
