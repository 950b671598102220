-- 0023: each cluster's titles and incidents in one place, kept by triggers (issue 18 §3).
--
-- The rules of Art. 11 and 19 ask, for a cluster, about facts recorded per enterprise: condition 2 counts the titles
-- of its leading-industry enterprises valid on the day of the evaluation, and the last paragraph of Art. 11 (and
-- ground 5 of Art. 19) looks for disqualifying incidents in its enterprises in the years before the day. Read from
-- the sources, each is every enterprise of the cluster (66 at scale 100) and an index probe for each one: together
-- about 0.15 ms of the 0.3 ms a cluster's revocation risks cost, and a question about every cluster (the revocation
-- grounds behind the dashboard's summary) asks them 2,714 times. Worse, for the incidents PostgreSQL could not know
-- the look-back window's length when planning (it comes from the standard in force), took the two-sided date range
-- for 0.5 % of the incidents and read every incident of the window for each cluster (2,220 at scale 100).
--
-- cluster_title holds each title once with its enterprise's cluster, whether that enterprise is in the leading
-- industry, and the title's last valid day; cluster_incident each incident with its enterprise's cluster and day. A
-- cluster's titles, or its incidents between two days, are one index range.
--
-- Derived data, like cluster_summary (0014): statement-level triggers on qualification, incident, enterprise and
-- qualification_kind recompute the rows of the titles and incidents a statement touched, from cluster_title_source
-- and cluster_incident_source (the one definition of each; a test compares the tables with them after every kind of
-- write). Not kept: facts of enterprises in no cluster. No day is stored (a title's validity is an interval,
-- compared with the day when read), so the tables do not change with the calendar.
--
-- Concurrency: a row is recomputed after its enterprise is locked FOR SHARE. A transaction moving that enterprise to
-- another cluster holds a stronger lock until it commits, so the recount waits for it and, in a new statement under
-- READ COMMITTED, sees the move; a move waiting for a title or incident being added sees it once that commits. Under
-- REPEATABLE READ or SERIALIZABLE the later writer gets a serialization failure instead.

CREATE VIEW cluster_title_source AS
    SELECT q.id AS qualification_id, q.enterprise_id, e.cluster_id, e.in_leading_industry, q.kind_code, q.level_code,
           q.granted_on,
           least(qualification_last_day(q.granted_on, q.expires_on, q.kind_code),
                 coalesce(q.withdrawn_on - 1, 'infinity'::date)) AS last_day
    FROM qualification q JOIN enterprise e ON e.id = q.enterprise_id
    WHERE e.cluster_id IS NOT NULL;
COMMENT ON VIEW cluster_title_source IS 'Definition of cluster_title: each title of an enterprise in a cluster, with the cluster and the title''s last valid day (its last day by qualification_last_day, or the day before its withdrawal, whichever is earlier).';

CREATE TABLE cluster_title (
    qualification_id     bigint PRIMARY KEY,
    enterprise_id        bigint NOT NULL,
    cluster_id           bigint NOT NULL,
    in_leading_industry  boolean NOT NULL,
    kind_code            text NOT NULL,
    level_code           text NOT NULL,
    granted_on           date NOT NULL,
    last_day             date NOT NULL CHECK (last_day >= granted_on)
);
COMMENT ON TABLE cluster_title IS 'Titles of the enterprises of each cluster, kept by triggers from qualification, enterprise and qualification_kind (definition: the view cluster_title_source). Valid on day d: granted_on <= d <= last_day. Derived data: refresh_cluster_titles recomputes any title from its sources.';
COMMENT ON COLUMN cluster_title.qualification_id IS 'The title (qualification.id).';
COMMENT ON COLUMN cluster_title.enterprise_id IS 'Enterprise holding it.';
COMMENT ON COLUMN cluster_title.cluster_id IS 'That enterprise''s cluster.';
COMMENT ON COLUMN cluster_title.in_leading_industry IS 'Whether that enterprise is in the cluster''s leading industry (Art. 11(2) counts only those).';
COMMENT ON COLUMN cluster_title.kind_code IS 'Kind of title.';
COMMENT ON COLUMN cluster_title.level_code IS 'Issuing level.';
COMMENT ON COLUMN cluster_title.granted_on IS 'First valid day.';
COMMENT ON COLUMN cluster_title.last_day IS 'Last valid day (''infinity'' for a kind with no fixed term, not withdrawn).';
CREATE INDEX cluster_title_cluster_idx ON cluster_title (cluster_id, granted_on);
CREATE INDEX cluster_title_enterprise_idx ON cluster_title (enterprise_id);

CREATE FUNCTION refresh_cluster_titles(p_qualification_ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    -- Writers that move these titles' enterprises go first (see the header); the recount is a new statement.
    PERFORM 1 FROM enterprise e WHERE e.id IN (SELECT q.enterprise_id FROM qualification q WHERE q.id = ANY (p_qualification_ids))
    ORDER BY e.id FOR SHARE;
    DELETE FROM cluster_title t WHERE t.qualification_id = ANY (p_qualification_ids);
    INSERT INTO cluster_title
        SELECT s.qualification_id, s.enterprise_id, s.cluster_id, s.in_leading_industry, s.kind_code, s.level_code,
               s.granted_on, s.last_day
        FROM cluster_title_source s WHERE s.qualification_id = ANY (p_qualification_ids);
END $$;
COMMENT ON FUNCTION refresh_cluster_titles(bigint[]) IS 'Recomputes the cluster_title rows of these titles from their sources (removing those of titles gone or of enterprises in no cluster). The triggers call it; call it by hand only to repair.';

-- A kind's usual term changed: the last day of its titles recorded without an expiry moves.
CREATE FUNCTION cluster_title_after_qualification_kind() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[];
BEGIN
    SELECT array_agg(q.id) INTO ids FROM qualification q
    WHERE q.kind_code IN (SELECT n.code FROM new_rows n JOIN old_rows o ON o.code = n.code
                          WHERE n.validity_years IS DISTINCT FROM o.validity_years);
    IF ids IS NOT NULL THEN
        PERFORM refresh_cluster_titles(ids);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER qualification_kind_cluster_title_update AFTER UPDATE ON qualification_kind
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION cluster_title_after_qualification_kind();

CREATE VIEW cluster_incident_source AS
    SELECT i.id AS incident_id, i.enterprise_id, e.cluster_id, i.occurred_on
    FROM incident i JOIN enterprise e ON e.id = i.enterprise_id
    WHERE e.cluster_id IS NOT NULL;
COMMENT ON VIEW cluster_incident_source IS 'Definition of cluster_incident: each incident of an enterprise in a cluster, with the cluster and the day it occurred.';

CREATE TABLE cluster_incident (
    incident_id    bigint PRIMARY KEY,
    enterprise_id  bigint NOT NULL,
    cluster_id     bigint NOT NULL,
    occurred_on    date NOT NULL
);
COMMENT ON TABLE cluster_incident IS 'Incidents of the enterprises of each cluster, kept by triggers from incident and enterprise (definition: the view cluster_incident_source). Derived data: refresh_cluster_incidents recomputes any incident from its sources.';
COMMENT ON COLUMN cluster_incident.incident_id IS 'The incident (incident.id).';
COMMENT ON COLUMN cluster_incident.enterprise_id IS 'Enterprise it occurred in.';
COMMENT ON COLUMN cluster_incident.cluster_id IS 'That enterprise''s cluster.';
COMMENT ON COLUMN cluster_incident.occurred_on IS 'Day it occurred.';
CREATE INDEX cluster_incident_cluster_idx ON cluster_incident (cluster_id, occurred_on);
CREATE INDEX cluster_incident_enterprise_idx ON cluster_incident (enterprise_id);

CREATE FUNCTION refresh_cluster_incidents(p_incident_ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    -- Writers that move these incidents' enterprises go first (see the header); the recount is a new statement.
    PERFORM 1 FROM enterprise e WHERE e.id IN (SELECT i.enterprise_id FROM incident i WHERE i.id = ANY (p_incident_ids))
    ORDER BY e.id FOR SHARE;
    DELETE FROM cluster_incident c WHERE c.incident_id = ANY (p_incident_ids);
    INSERT INTO cluster_incident
        SELECT s.incident_id, s.enterprise_id, s.cluster_id, s.occurred_on
        FROM cluster_incident_source s WHERE s.incident_id = ANY (p_incident_ids);
END $$;
COMMENT ON FUNCTION refresh_cluster_incidents(bigint[]) IS 'Recomputes the cluster_incident rows of these incidents from their sources (removing those of incidents gone or of enterprises in no cluster). The triggers call it; call it by hand only to repair.';

-- A statement wrote titles or incidents: their rows are recomputed (all of them after a TRUNCATE: none are left).
CREATE FUNCTION cluster_facts_after_source() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[];
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        IF TG_TABLE_NAME = 'qualification' THEN TRUNCATE cluster_title; ELSE TRUNCATE cluster_incident; END IF;
        RETURN NULL;
    ELSIF TG_OP = 'INSERT' THEN
        SELECT array_agg(n.id) INTO ids FROM new_rows n;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(o.id) INTO ids FROM old_rows o;
    ELSE
        SELECT array_agg(x.id) INTO ids FROM (SELECT o.id FROM old_rows o UNION SELECT n.id FROM new_rows n) x;
    END IF;
    IF ids IS NOT NULL AND TG_TABLE_NAME = 'qualification' THEN
        PERFORM refresh_cluster_titles(ids);
    ELSIF ids IS NOT NULL THEN
        PERFORM refresh_cluster_incidents(ids);
    END IF;
    RETURN NULL;
END $$;

DO $$
DECLARE
    source text;
BEGIN
    FOREACH source IN ARRAY ARRAY['qualification', 'incident'] LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION cluster_facts_after_source()', source || '_cluster_facts_insert', source);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION cluster_facts_after_source()', source || '_cluster_facts_update', source);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION cluster_facts_after_source()', source || '_cluster_facts_delete', source);
        EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION cluster_facts_after_source()', source || '_cluster_facts_truncate', source);
    END LOOP;
END $$;

-- An enterprise's cluster (or, for its titles, its leading-industry flag) changed: its titles and incidents move with
-- it. (Deleting an enterprise deletes its titles and incidents through their foreign keys, whose triggers above remove
-- their rows; TRUNCATE enterprise must cascade to them, and their TRUNCATE triggers empty the tables.)
CREATE FUNCTION cluster_facts_after_enterprise() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    moved bigint[];
    reflagged bigint[];
    ids bigint[];
BEGIN
    SELECT array_agg(n.id) FILTER (WHERE n.cluster_id IS DISTINCT FROM o.cluster_id),
           array_agg(n.id) FILTER (WHERE n.cluster_id IS DISTINCT FROM o.cluster_id
                                      OR n.in_leading_industry IS DISTINCT FROM o.in_leading_industry)
    INTO moved, reflagged
    FROM new_rows n JOIN old_rows o ON o.id = n.id;
    IF reflagged IS NOT NULL THEN
        SELECT array_agg(q.id) INTO ids FROM qualification q WHERE q.enterprise_id = ANY (reflagged);
        IF ids IS NOT NULL THEN
            PERFORM refresh_cluster_titles(ids);
        END IF;
    END IF;
    IF moved IS NOT NULL THEN
        SELECT array_agg(i.id) INTO ids FROM incident i WHERE i.enterprise_id = ANY (moved);
        IF ids IS NOT NULL THEN
            PERFORM refresh_cluster_incidents(ids);
        END IF;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER enterprise_cluster_facts_update AFTER UPDATE ON enterprise REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION cluster_facts_after_enterprise();

INSERT INTO cluster_title
    SELECT qualification_id, enterprise_id, cluster_id, in_leading_industry, kind_code, level_code, granted_on, last_day
    FROM cluster_title_source;
INSERT INTO cluster_incident
    SELECT incident_id, enterprise_id, cluster_id, occurred_on FROM cluster_incident_source;
SELECT qunji_watch_table('cluster_title');
SELECT qunji_watch_table('cluster_incident');

-- A cluster's disqualifying incidents: its incidents in the window from cluster_incident (one index range), then the
-- grade; same rows and order as 0010's.
CREATE OR REPLACE FUNCTION cluster_disqualifying_incidents(p_cluster_id bigint, p_day date, p_years integer)
RETURNS SETOF incident
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT i.* FROM cluster_incident c
    JOIN incident i ON i.id = c.incident_id
    JOIN incident_kind k ON k.code = i.kind_code
    LEFT JOIN incident_grade g ON g.code = i.grade_code
    LEFT JOIN incident_grade threshold ON threshold.code = k.disqualifying_grade_code
    WHERE c.cluster_id = p_cluster_id
      AND c.occurred_on <= p_day AND c.occurred_on >= (p_day - make_interval(years => p_years))::date
      AND (threshold.code IS NULL OR g.rank >= threshold.rank)
    ORDER BY i.occurred_on, i.id
$$;
COMMENT ON FUNCTION cluster_disqualifying_incidents(bigint, date, integer) IS 'Incidents of the cluster''s enterprises that bar recognition (Art. 11, last paragraph): in the p_years years up to the day, both ends included (an incident exactly three years before still counts), at or above the kind''s disqualifying grade, or of an ungraded kind.';

-- Condition 2 reads the cluster's titles from cluster_title; everything else as in 0016.
CREATE OR REPLACE FUNCTION cluster_eligibility_figures(p_cluster_id bigint, p_standard text, p_year integer, p_day date)
RETURNS TABLE (cluster_id bigint, standard_code text, evaluation_year integer, evaluated_on date, item smallint,
               sort_key integer, measure text, year integer, value numeric, threshold numeric, comparison text,
               basis text, met boolean, explanation text, explanation_en text)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH s AS (SELECT * FROM recognition_standard WHERE code = p_standard),
    c AS (SELECT * FROM cluster WHERE id = p_cluster_id),
    i AS (SELECT * FROM cluster_indicator WHERE cluster_indicator.cluster_id = p_cluster_id),
    last AS (SELECT i.* FROM (SELECT 1) one LEFT JOIN i ON i.year = p_year - 1),
    -- Titles valid on the evaluation day, of the kinds and levels the standard counts, in the leading industry:
    -- one range of cluster_title (0023) instead of every enterprise of the cluster and each one's titles.
    qualified AS (
        SELECT q.enterprise_id, t.measure_code
        FROM cluster_title q
        JOIN recognition_standard_title t ON t.standard_code = p_standard AND t.kind_code = q.kind_code
                                         AND t.level_code = q.level_code
        WHERE q.cluster_id = p_cluster_id AND q.in_leading_industry AND q.granted_on <= p_day AND p_day <= q.last_day),
    raw (item, sort_key, measure, year, value, threshold, comparison, basis, exact_met) AS (
        -- 1: output in each of the window's years, SME and leading-industry shares, average growth.
        SELECT 1, 10 + w.y - (p_year - s.output_years), 'OUTPUT', w.y, i.output_value, s.min_output_yuan, 'AT_LEAST',
               'STANDARD', NULL::boolean
        FROM s CROSS JOIN generate_series(p_year - s.output_years, p_year - 1) AS w(y) LEFT JOIN i ON i.year = w.y
        UNION ALL
        -- Shares: SME output >= share x output, judged without dividing; the value shown is the exact quotient.
        SELECT 1, 30, 'SME_OUTPUT_SHARE', p_year - 1, trim_scale(last.sme_output_value / nullif(last.output_value, 0)),
               s.min_sme_output_share, 'AT_LEAST', 'STANDARD',
               CASE WHEN last.output_value > 0 THEN last.sme_output_value >= s.min_sme_output_share * last.output_value END
        FROM s, last
        UNION ALL
        SELECT 1, 40, 'LEADING_INDUSTRY_SHARE', p_year - 1,
               trim_scale(last.leading_industry_output_value / nullif(last.output_value, 0)),
               s.leading_industry_share_over, 'MORE_THAN', 'STANDARD',
               CASE WHEN last.output_value > 0
                    THEN last.leading_industry_output_value > s.leading_industry_share_over * last.output_value END
        FROM s, last
        UNION ALL
        -- Compound average growth over the n steps between the window's first and last year (one step when the
        -- window is a single year, from the year before): shown as (last / first)^(1/n) - 1, judged exactly as
        -- last > first x (1 + threshold)^n (an integer power of a numeric is exact).
        SELECT 1, 50, 'OUTPUT_GROWTH', p_year - 1,
               CASE WHEN b.output_value > 0 THEN
                   trim_scale(round(power(last.output_value / b.output_value, 1.0 / greatest(s.output_years - 1, 1)) - 1, 12)) END,
               s.output_growth_over, 'MORE_THAN', 'STANDARD',
               CASE WHEN b.output_value > 0
                    THEN last.output_value > b.output_value * power(1 + s.output_growth_over, greatest(s.output_years - 1, 1)::numeric) END
        FROM s CROSS JOIN last LEFT JOIN i b ON b.year = p_year - 1 - greatest(s.output_years - 1, 1)
        UNION ALL
        -- 2: either enough champions / little giants, or enough other quality enterprises, in the leading industry,
        -- counting the titles the standard lists (recognition_standard_title); each enterprise once per figure.
        SELECT 2, 10, 'CHAMPIONS_OR_LITTLE_GIANTS', NULL,
               (SELECT count(DISTINCT enterprise_id) FROM qualified WHERE measure_code = 'CHAMPIONS_OR_LITTLE_GIANTS'),
               s.min_champions_or_little_giants, 'AT_LEAST', 'STANDARD', NULL FROM s
        UNION ALL
        SELECT 2, 20, 'OTHER_QUALITY_SMES', NULL,
               (SELECT count(DISTINCT enterprise_id) FROM qualified WHERE measure_code = 'OTHER_QUALITY_SMES'),
               s.min_other_quality_smes, 'AT_LEAST', 'STANDARD', NULL FROM s
        UNION ALL
        -- 3: local supply share (reported only, when the standard sets no number).
        SELECT 3, 10, 'LOCAL_SUPPLY_SHARE', p_year - 1, last.local_supply_share, s.min_local_supply_share,
               CASE WHEN s.min_local_supply_share IS NULL THEN 'REPORTED' ELSE 'AT_LEAST' END,
               CASE WHEN s.min_local_supply_share IS NULL THEN 'NONE' ELSE 'STANDARD' END, NULL FROM s, last
        UNION ALL
        -- 4: SME R&D spending above the year before in each of the last rd_growth_years years; patents too.
        SELECT 4, 10 + w.y - (p_year - s.rd_growth_years), 'SME_RD_EXPENDITURE', w.y, cur.sme_rd_expenditure,
               prev.sme_rd_expenditure, 'MORE_THAN', 'PREVIOUS_YEAR', NULL
        FROM s CROSS JOIN generate_series(p_year - s.rd_growth_years, p_year - 1) AS w(y)
        LEFT JOIN i cur ON cur.year = w.y LEFT JOIN i prev ON prev.year = w.y - 1
        UNION ALL
        SELECT 4, 30 + w.y - (p_year - s.rd_growth_years), 'SME_INVENTION_PATENTS', w.y, cur.sme_invention_patents,
               prev.sme_invention_patents, 'MORE_THAN', 'PREVIOUS_YEAR', NULL
        FROM s CROSS JOIN generate_series(p_year - s.rd_growth_years, p_year - 1) AS w(y)
        LEFT JOIN i cur ON cur.year = w.y LEFT JOIN i prev ON prev.year = w.y - 1
        WHERE s.require_patent_growth
        UNION ALL
        -- 5: cloud and industrial-software adoption: at least the standard's rate, or (no rate set) no
        -- lower than in the window's first year.
        SELECT 5, 10, 'CLOUD_ADOPTION_RATE', p_year - 1, last.cloud_adoption_rate,
               coalesce(s.min_cloud_adoption_rate, f.cloud_adoption_rate), 'AT_LEAST',
               CASE WHEN s.min_cloud_adoption_rate IS NULL THEN 'FIRST_YEAR' ELSE 'STANDARD' END, NULL
        FROM s CROSS JOIN last LEFT JOIN i f ON f.year = p_year - s.output_years
        UNION ALL
        SELECT 5, 20, 'INDUSTRIAL_SOFTWARE_RATE', p_year - 1, last.industrial_software_rate,
               coalesce(s.min_industrial_software_rate, f.industrial_software_rate), 'AT_LEAST',
               CASE WHEN s.min_industrial_software_rate IS NULL THEN 'FIRST_YEAR' ELSE 'STANDARD' END, NULL
        FROM s CROSS JOIN last LEFT JOIN i f ON f.year = p_year - s.output_years
        UNION ALL
        -- 6: CO2 intensity below the year before in each year of the window after its first; energy and
        -- water intensity below the sector benchmark for energy- or water-intensive clusters.
        SELECT 6, 10 + w.y - (p_year - s.output_years), 'CO2_INTENSITY', w.y, cur.co2_intensity, prev.co2_intensity,
               'LESS_THAN', 'PREVIOUS_YEAR', NULL
        FROM s CROSS JOIN generate_series(p_year - s.output_years + 1, p_year - 1) AS w(y)
        LEFT JOIN i cur ON cur.year = w.y LEFT JOIN i prev ON prev.year = w.y - 1
        WHERE s.require_co2_intensity_decline
        UNION ALL
        SELECT 6, 30, 'ENERGY_INTENSITY', p_year - 1, last.energy_intensity, last.energy_intensity_benchmark,
               'LESS_THAN', 'SECTOR_BENCHMARK', NULL FROM s, c, last WHERE s.require_efficiency_benchmarks AND c.energy_intensive
        UNION ALL
        SELECT 6, 40, 'WATER_INTENSITY', p_year - 1, last.water_intensity, last.water_intensity_benchmark,
               'LESS_THAN', 'SECTOR_BENCHMARK', NULL FROM s, c, last WHERE s.require_efficiency_benchmarks AND c.water_intensive
        UNION ALL
        -- 7: enough international activities and overseas branches; with no number set, either those or
        -- exports suffice.
        SELECT 7, 10, 'INTERNATIONAL_ACTIVITIES', p_year - 1, last.international_activities + last.overseas_branches,
               coalesce(s.min_international_activities, 1), 'AT_LEAST', 'STANDARD', NULL FROM s, last
        UNION ALL
        SELECT 7, 20, 'EXPORT_VALUE', p_year - 1, last.export_value, 0, 'MORE_THAN', 'STANDARD', NULL
        FROM s, last WHERE s.min_international_activities IS NULL
        UNION ALL
        -- 8: an operating body; enough public service platforms when the standard sets a number.
        SELECT 8, 10, 'OPERATING_BODY', NULL, CASE WHEN length(btrim(coalesce(c.operating_body, ''))) > 0 THEN 1 ELSE 0 END,
               1, 'AT_LEAST', 'STANDARD', NULL FROM s, c WHERE s.require_operating_body
        UNION ALL
        SELECT 8, 20, 'SERVICE_PLATFORMS', p_year - 1, last.service_platforms, s.min_service_platforms, 'AT_LEAST', 'STANDARD', NULL
        FROM s, last WHERE s.min_service_platforms IS NOT NULL
    ),
    judged AS (
        SELECT r.*, m.name, m.name_en, m.unit,
               CASE WHEN r.measure IN ('SME_OUTPUT_SHARE', 'LEADING_INDUSTRY_SHARE', 'OUTPUT_GROWTH') THEN r.exact_met
                    ELSE CASE r.comparison WHEN 'AT_LEAST' THEN r.value >= r.threshold WHEN 'MORE_THAN' THEN r.value > r.threshold
                                           WHEN 'LESS_THAN' THEN r.value < r.threshold
                                           ELSE CASE WHEN r.value IS NOT NULL THEN true END END
               END AS met
        FROM raw r JOIN eligibility_measure m ON m.code = r.measure
    )
    SELECT p_cluster_id, p_standard, p_year, p_day, j.item::smallint, j.sort_key, j.measure, j.year, j.value, j.threshold,
           j.comparison, j.basis, j.met,
           coalesce(j.year || '年', '') || j.name || ' ' || eligibility_figure_text(j.value, j.unit, false, j.threshold)
               || CASE WHEN j.comparison = 'REPORTED' THEN '（本标准未设数值，须填报）'
                       WHEN j.unit = 'FLAG' THEN '，须有'
                       WHEN j.basis = 'STANDARD' THEN '，标准 ' || CASE j.comparison WHEN 'AT_LEAST' THEN '≥ ' ELSE '> ' END
                       WHEN j.basis = 'PREVIOUS_YEAR' THEN CASE j.comparison WHEN 'LESS_THAN' THEN '，须低于上年 ' ELSE '，须高于上年 ' END
                       WHEN j.basis = 'FIRST_YEAR' THEN '，须不低于' || (p_year - (SELECT output_years FROM s)) || '年的 '
                       ELSE '，须低于行业基准值 ' END
               || CASE WHEN j.comparison = 'REPORTED' OR j.unit = 'FLAG' THEN '' ELSE eligibility_figure_text(j.threshold, j.unit, false) END
               || '：' || CASE WHEN j.met THEN '满足' WHEN NOT j.met THEN '不满足' ELSE '数据不足' END,
           coalesce(j.year || ' ', '') || j.name_en || ' '
               || eligibility_figure_text(j.value, j.unit, true, j.threshold)
               || CASE WHEN j.comparison = 'REPORTED' THEN ' (the standard sets no number; it must be reported)'
                       WHEN j.unit = 'FLAG' THEN ', required'
                       WHEN j.basis = 'STANDARD' THEN ', required ' || CASE j.comparison WHEN 'AT_LEAST' THEN '>= ' ELSE '> ' END
                       WHEN j.basis = 'PREVIOUS_YEAR' THEN CASE j.comparison WHEN 'LESS_THAN' THEN ', must be below the previous year''s '
                                                                              ELSE ', must exceed the previous year''s ' END
                       WHEN j.basis = 'FIRST_YEAR' THEN ', must be at least the ' || (p_year - (SELECT output_years FROM s)) || ' level of '
                       ELSE ', must be below the sector benchmark ' END
               || CASE WHEN j.comparison = 'REPORTED' OR j.unit = 'FLAG' THEN '' ELSE eligibility_figure_text(j.threshold, j.unit, true) END
               || ': ' || CASE WHEN j.met THEN 'met' WHEN NOT j.met THEN 'not met' ELSE 'not enough data' END
    FROM judged j
    ORDER BY j.item, j.sort_key
$$;
COMMENT ON FUNCTION cluster_eligibility_figures(bigint, text, integer, date) IS 'The figures behind each Art. 11 condition for a cluster, a standard and a call year: value (exact), threshold, comparison, whether met (judged on exact values: shares and growth by cross-multiplication; NULL: not enough data) and a Chinese and English sentence. Condition 2 counts the titles the standard lists (recognition_standard_title) that are valid on the evaluation day.';
