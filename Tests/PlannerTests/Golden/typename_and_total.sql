-- { __typename funds { totalCount } }
SELECT (json_build_object('__typename', to_json('Query'::text), 'funds', json_build_object('totalCount', (SELECT count(*) FROM fund t3))))::text;
-- parameters: 
-- plan cache mode: generic
