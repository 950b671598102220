-- { clusters(where: {enterprises: {count: {gt: 10}, where: {name: {contains: "A"}}}}) { totalCount } }
SELECT (json_build_object('clusters', json_build_object('totalCount', (SELECT count(*) FROM cluster t3 WHERE ((SELECT count(*) FROM enterprise t4 WHERE t4.cluster_id = t3.id AND (t4.name LIKE $1::text)) > $2::bigint)))))::text;
-- parameters: '%A%' (literal 1), '10' (literal 0)
-- plan cache mode: per execution
