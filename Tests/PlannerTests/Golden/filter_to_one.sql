-- { clusters(where: {prefecture: {code: {eq: "520300"}}}) { totalCount } }
SELECT (json_build_object('clusters', json_build_object('totalCount', (SELECT count(*) FROM cluster t3 WHERE (t3.applicant_county_code IN (SELECT sub_county.code FROM county sub_county
    WHERE sub_county.prefecture_code = $1::text) AND EXISTS (SELECT 1 FROM prefecture t4 WHERE (t4.code = $1::text)))))))::text;
-- parameters: '520300' (literal 0)
-- plan cache mode: automatic
