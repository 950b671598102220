-- { enterprises(first: 3, where: {employees: {gt: 100}}) { totalCount nodes { name } } }
SELECT (json_build_object('enterprises', (SELECT json_build_object('totalCount', (SELECT count(*) FROM enterprise t4 WHERE (t4.employees > $1::bigint)), 'nodes', coalesce(json_agg(p2.n0 ORDER BY p2.k0 ASC NULLS LAST), ('[]')::json)) FROM (SELECT json_build_object('name', to_json(t1.name)) AS n0, t1.id AS k0 FROM enterprise t1 WHERE (t1.employees > $1::bigint) ORDER BY t1.id ASC NULLS LAST LIMIT $2::bigint) p2)))::text;
-- parameters: '100' (literal 1), '3'
-- plan cache mode: automatic
