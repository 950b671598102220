-- { clusters(where: {enterprises: {some: {name: {contains: "A"}}, every: {creditCode: {isNull: false}}, none: {name: {eq: "B"}}}}) { totalCount } }
SELECT (json_build_object('clusters', json_build_object('totalCount', (SELECT count(*) FROM cluster t3 WHERE ((NOT(EXISTS (SELECT 1 FROM enterprise t4 WHERE t4.cluster_id = t3.id AND NOT(coalesce((t4.credit_code IS NOT NULL), false)))) AND NOT(EXISTS (SELECT 1 FROM enterprise t5 WHERE t5.cluster_id = t3.id AND (t5.name = $1::text)))) AND EXISTS (SELECT 1 FROM enterprise t6 WHERE t6.cluster_id = t3.id AND (t6.name LIKE $2::text)))))))::text;
-- parameters: 'B' (literal 2), '%A%' (literal 0)
-- plan cache mode: per execution
