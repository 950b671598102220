-- { clusters(where: {daysUntilExpiry: {gte: 0, lt: 90}, validUntil: {lte: "2026-12-31"}}) { totalCount } }
SELECT (json_build_object('clusters', json_build_object('totalCount', (SELECT count(*) FROM cluster t3 WHERE (((((SELECT sub_v.valid_until FROM clusters_valid_on(qunji_today()) sub_v WHERE sub_v.cluster_id = t3.id) - qunji_today()) >= $1::bigint) AND (((SELECT sub_v.valid_until FROM clusters_valid_on(qunji_today()) sub_v WHERE sub_v.cluster_id = t3.id) - qunji_today()) < $2::bigint)) AND ((SELECT sub_v.valid_until FROM clusters_valid_on(qunji_today()) sub_v WHERE sub_v.cluster_id = t3.id) <= $3::date))))))::text;
-- parameters: '0' (literal 0), '90' (literal 1), '2026-12-31' (literal 2)
-- plan cache mode: automatic
