-- { clusters(where: {name: {like: "%x%", ilike: "%Y%", startsWith: "贵", contains: "集群", istartsWith: "gu", icontains: "zhou"}}) { totalCount } }
SELECT (json_build_object('clusters', json_build_object('totalCount', (SELECT count(*) FROM cluster t3 WHERE ((((((t3.name LIKE $1::text) AND (t3.name ILIKE $2::text)) AND (t3.name ILIKE $3::text)) AND (t3.name ILIKE $4::text)) AND (t3.name LIKE $5::text)) AND (t3.name LIKE $6::text))))))::text;
-- parameters: '%集群%' (literal 3), '%zhou%' (literal 5), '%Y%' (literal 1), 'gu%' (literal 4), '%x%' (literal 0), '贵%' (literal 2)
-- plan cache mode: automatic
