-- query($id: ID!) { cluster(id: $id) { code } }
SELECT (json_build_object('cluster', (SELECT json_build_object('code', to_json(t1.code)) FROM cluster t1 WHERE (t1.id = $1::bigint) LIMIT 1)))::text;
-- parameters: '7'
-- plan cache mode: generic
