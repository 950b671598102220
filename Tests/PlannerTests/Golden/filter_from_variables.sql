-- query($w: ClusterFilter) { clusters(where: $w) { totalCount } }
SELECT (json_build_object('clusters', json_build_object('totalCount', (SELECT count(*) FROM cluster t3 WHERE (t3.code = ANY($1::text[]))))))::text;
-- parameters: '{"A","B"}' ($w.code.in)
-- plan cache mode: automatic
