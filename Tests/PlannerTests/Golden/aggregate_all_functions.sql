-- { clusterIndicators(where: {year: {eq: 2024}}) { aggregate { count sum { outputValue } avg { outputValue } min { year } max { year } } } }
SELECT (json_build_object('clusterIndicators', json_build_object('aggregate', (SELECT json_build_object('count', to_json(count(*)), 'sum', json_build_object('outputValue', to_json(sum(t3.output_value))), 'avg', json_build_object('outputValue', to_json((avg(t3.output_value))::float8)), 'min', json_build_object('year', to_json(min(t3.year))), 'max', json_build_object('year', to_json(max(t3.year)))) FROM cluster_indicator t3 WHERE (t3.year = $1::bigint)))))::text;
-- parameters: '2024' (literal 0)
-- plan cache mode: automatic
