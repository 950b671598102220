-- { clusters(orderBy: [{prefecture: {name: DESC}}]) { nodes { code } } }
SELECT (json_build_object('clusters', (SELECT json_build_object('nodes', coalesce(json_agg(p3.n0 ORDER BY p3.o ASC) FILTER (WHERE (p3.o <= $1::bigint)), ('[]')::json)) FROM (SELECT json_build_object('code', to_json(t2.code)) AS n0, translate(encode(convert_to((json_build_array('c1.3rhz6v8rt7293', ((SELECT o1.name FROM prefecture o1 WHERE t2.applicant_county_code IN (SELECT sub_county.code FROM county sub_county
    WHERE sub_county.prefecture_code = o1.code) LIMIT 1))::text, (t2.id)::text))::text, 'UTF8'), 'base64'), ('+/=' || chr(10)), '-_') AS c, row_number() OVER (ORDER BY (SELECT o1.name FROM prefecture o1 WHERE t2.applicant_county_code IN (SELECT sub_county.code FROM county sub_county
    WHERE sub_county.prefecture_code = o1.code) LIMIT 1) DESC NULLS FIRST, t2.id ASC NULLS LAST) AS o FROM cluster t2 ORDER BY (SELECT o1.name FROM prefecture o1 WHERE t2.applicant_county_code IN (SELECT sub_county.code FROM county sub_county
    WHERE sub_county.prefecture_code = o1.code) LIMIT 1) DESC NULLS FIRST, t2.id ASC NULLS LAST LIMIT $2::bigint) p3)))::text;
-- parameters: '50', '51'
