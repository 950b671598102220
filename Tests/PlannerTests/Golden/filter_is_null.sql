-- { clusters(where: {operatingBody: {isNull: true}, nameEn: {isNull: false}}) { totalCount } }
SELECT (json_build_object('clusters', json_build_object('totalCount', (SELECT count(*) FROM cluster t3 WHERE ((t3.name_en IS NOT NULL) AND (t3.operating_body IS NULL))))))::text;
-- parameters: 
-- plan cache mode: generic
