-- { enterpriseGroups(groupBy: [QUALIFICATION_KIND], asOf: "2025-06-30") { key { qualificationKind } count } }
SELECT (json_build_object('enterpriseGroups', (SELECT coalesce(json_agg(json_build_object('key', json_build_object('qualificationKind', to_json(g2.k0)), 'count', to_json(g2.n)) ORDER BY g2.o ASC), '[]'::json) FROM (SELECT r1.k0 AS k0, count(*) AS n, row_number() OVER (ORDER BY r1.k0 ASC NULLS LAST) AS o FROM (SELECT t3.*, j4.kind_code AS k0 FROM enterprise t3 LEFT JOIN LATERAL (SELECT DISTINCT sub_q.kind_code FROM qualifications_valid_on($1::date) sub_q WHERE (sub_q.enterprise_id = t3.id)) j4 ON true) r1 GROUP BY r1.k0 ORDER BY r1.k0 ASC NULLS LAST LIMIT $2::bigint) g2)))::text;
-- parameters: '2025-06-30' (literal 1), '100'
-- plan cache mode: automatic
