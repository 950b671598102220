-- { enterprises(first: 5, offset: 10) { nodes { name } pageInfo { hasNextPage hasPreviousPage } } }
SELECT (json_build_object('enterprises', (SELECT json_build_object('nodes', coalesce(json_agg(p2.n0 ORDER BY p2.k0 ASC NULLS LAST) FILTER (WHERE (p2.o <= $1::bigint)), ('[]')::json), 'pageInfo', json_build_object('hasNextPage', to_json((count(*) > $2::bigint)), 'hasPreviousPage', to_json((false OR EXISTS (SELECT 1 FROM enterprise t3))))) FROM (SELECT l4.n0 AS n0, l4.k0 AS k0, row_number() OVER (ORDER BY l4.k0 ASC NULLS LAST) AS o FROM (SELECT json_build_object('name', to_json(t1.name)) AS n0, t1.id AS k0 FROM enterprise t1 ORDER BY t1.id ASC NULLS LAST LIMIT $3::bigint OFFSET $4::bigint) l4) p2)))::text;
-- parameters: '5', '5', '6', '10'
-- plan cache mode: generic
