-- { clusters(where: {and: [], or: [], code: {in: []}}) { totalCount } }
SELECT (json_build_object('clusters', json_build_object('totalCount', (SELECT count(*) FROM cluster t3 WHERE ((true AND (t3.code = ANY($1::text[]))) AND false)))))::text;
-- parameters: '{}'
-- plan cache mode: automatic
