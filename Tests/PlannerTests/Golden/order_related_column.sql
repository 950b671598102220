-- { clusters(orderBy: [{prefecture: {name: DESC}}]) { nodes { code } } }
SELECT (json_build_object('clusters', (SELECT json_build_object('nodes', coalesce(json_agg(p3.n0 ORDER BY p3.k0 DESC NULLS FIRST, p3.k1 ASC NULLS LAST), ('[]')::json)) FROM (SELECT json_build_object('code', to_json(t2.code)) AS n0, (SELECT o1.name FROM prefecture o1 WHERE t2.applicant_county_code IN (SELECT sub_county.code FROM county sub_county
    WHERE sub_county.prefecture_code = o1.code) LIMIT 1) AS k0, t2.id AS k1 FROM cluster t2 ORDER BY (SELECT o1.name FROM prefecture o1 WHERE t2.applicant_county_code IN (SELECT sub_county.code FROM county sub_county
    WHERE sub_county.prefecture_code = o1.code) LIMIT 1) DESC NULLS FIRST, t2.id ASC NULLS LAST LIMIT $1::bigint) p3)))::text;
-- parameters: '50'
-- plan cache mode: generic
