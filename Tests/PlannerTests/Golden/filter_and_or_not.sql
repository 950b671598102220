-- { clusters(where: {or: [{code: {eq: "A"}}, {and: [{name: {eq: "B"}}, {not: {code: {eq: "C"}}}]}], and: [], not: {isSample: {eq: false}}}) { totalCount } }
SELECT (json_build_object('clusters', json_build_object('totalCount', (SELECT count(*) FROM cluster t3 WHERE ((true AND NOT(coalesce((t3.is_sample = $1::boolean), false))) AND ((t3.code = $2::text) OR ((t3.name = $3::text) AND NOT(coalesce((t3.code = $4::text), false)))))))))::text;
-- parameters: 'false' (literal 3), 'A' (literal 0), 'B' (literal 1), 'C' (literal 2)
-- plan cache mode: automatic
