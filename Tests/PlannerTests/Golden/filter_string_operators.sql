-- { clusters(where: {code: {eq: "A", ne: "B", in: ["C"], notIn: ["D"], lt: "E", lte: "F", gt: "G", gte: "H"}}) { totalCount } }
SELECT (json_build_object('clusters', json_build_object('totalCount', (SELECT count(*) FROM cluster t3 WHERE ((((((((t3.code = $1::text) AND (t3.code > $2::text)) AND (t3.code >= $3::text)) AND (t3.code = ANY($4::text[]))) AND (t3.code < $5::text)) AND (t3.code <= $6::text)) AND (t3.code <> $7::text)) AND (t3.code <> ALL($8::text[])))))))::text;
-- parameters: 'A' (literal 0), 'G' (literal 6), 'H' (literal 7), '{"C"}', 'E' (literal 4), 'F' (literal 5), 'B' (literal 1), '{"D"}'
-- plan cache mode: automatic
