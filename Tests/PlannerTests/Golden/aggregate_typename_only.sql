-- { clusters { aggregate { __typename } } }
SELECT (json_build_object('clusters', json_build_object('aggregate', json_build_object('__typename', to_json('ClusterAggregate'::text)))))::text;
-- parameters: 
-- plan cache mode: generic
