-- 0019: the facts behind targetProgress (Art. 5) as a function, like the policy rules, instead of SQL text
-- written by the GraphQL compiler (issue 17 §4).
--
-- One row: per prefecture of the applicant county and year of first recognition, how many clusters were first
-- recognised in the plan period up to the day, and how many of those hold a valid recognition on it; kept as four
-- arrays of equal length. A count FILTER rather than a WHERE: with the bounds in a WHERE, PostgreSQL expected a
-- few dozen clusters and chose nested loops for thousands (scale 100). Clusters outside the plan add zeros.
CREATE FUNCTION target_progress_facts(p_as_of date, p_start_year int, p_end_year int)
RETURNS TABLE (prefectures text[], years int[], recognized bigint[], still_valid bigint[])
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT array_agg(g.prefecture_code), array_agg(g.year), array_agg(g.recognized), array_agg(g.still_valid)
    FROM (
        SELECT k.prefecture_code, extract(year FROM fr.first_recognized_on)::int AS year,
               count(*) FILTER (WHERE fr.first_recognized_on <= p_as_of
                                  AND fr.first_recognized_on >= make_date(p_start_year, 1, 1)
                                  AND fr.first_recognized_on < make_date(p_end_year + 1, 1, 1)) AS recognized,
               count(vv.cluster_id) FILTER (WHERE fr.first_recognized_on <= p_as_of
                                              AND fr.first_recognized_on >= make_date(p_start_year, 1, 1)
                                              AND fr.first_recognized_on < make_date(p_end_year + 1, 1, 1)) AS still_valid
        FROM cluster_summary fr
        JOIN cluster c ON c.id = fr.cluster_id
        JOIN county k ON k.code = c.applicant_county_code
        LEFT JOIN clusters_valid_on(p_as_of) vv ON vv.cluster_id = fr.cluster_id
        WHERE fr.first_recognized_on IS NOT NULL
        GROUP BY 1, 2
    ) g
$$;
COMMENT ON FUNCTION target_progress_facts(date, int, int) IS
    'Art. 5 progress: per prefecture and year of first recognition, clusters first recognised in the plan years up to the day, and of those, valid on it (four parallel arrays). Used by Query.targetProgress.';
