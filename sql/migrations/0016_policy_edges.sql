-- 0016: the policy's rules at their edges (issue 14). Each reading is quoted from the measures in
-- docs/policy-rules.md; this migration makes the database follow it:
--   1. Art. 11: thresholds compared on exact values (no rounding before comparing; shares and growth are
--      compared by cross-multiplication, so no division or root can round a borderline case either way);
--   2. Art. 11(2): the titles that count are data of each recognition standard (kind and issuing level), and a
--      title counts only on the days it is valid (its own expiry, else its kind's term, and not after withdrawal);
--   3. one day-counting rule (Civil Code Art. 201-202) for every period: a recognition of 2023-08-25 is valid
--      through 2026-08-25; `valid_until` is that last valid day, inclusive;
--   4. Art. 14-16, 19: a recognition rests on an application that went through every stage, or on a passed
--      re-review requested after the validity ended, through the cluster's prefecture, of a recognition never
--      revoked; a recognised cluster that applies again stays RECOGNIZED while its recognition is valid;
--   5. Art. 19(3): an annual report filed late is a ground that happened, like a change filed late;
--   6. "today" is the province's day (Asia/Shanghai), one function every rule reads, so tests can move it.

-- ---- 6. Today ------------------------------------------------------------------------------------------------

CREATE FUNCTION qunji_today() RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(nullif(current_setting('qunji.today', true), '')::date,
                    (now() AT TIME ZONE 'Asia/Shanghai')::date)
$$;
COMMENT ON FUNCTION qunji_today() IS 'The day "today" means for every rule: the date in Guizhou (Asia/Shanghai), whatever the server''s time zone; the setting qunji.today (YYYY-MM-DD) replaces it, for tests that move the calendar.';

-- ---- 3. Validity: valid_until is the last valid day ----------------------------------------------------------

COMMENT ON COLUMN recognition.valid_until IS 'Last day of validity (有效期至), inclusive: the day of recognition is not counted and the period ends on the corresponding day 3 years later, or that month''s last day when it has none (Civil Code Art. 201-202; Art. 16). Expired from the next day.';

CREATE OR REPLACE FUNCTION clusters_valid_on(p_day date) RETURNS TABLE (cluster_id bigint, valid_until date)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT DISTINCT ON (r.cluster_id) r.cluster_id, r.valid_until
    FROM recognition r
    WHERE r.recognized_on <= p_day AND p_day <= r.valid_until
      AND NOT EXISTS (SELECT 1 FROM revocation v WHERE v.recognition_id = r.id AND v.revoked_on <= p_day)
    ORDER BY r.cluster_id, r.recognized_on DESC
$$;
COMMENT ON FUNCTION clusters_valid_on(date) IS 'Clusters holding a recognition in force on a day (recognised on or before it, the day on or before the last valid day, not revoked by then: Art. 16, 19), with the last valid day of that recognition (inclusive). The latest such recognition when several overlap.';
COMMENT ON FUNCTION cluster_valid_until_on(bigint, date) IS 'Last valid day (inclusive) of the recognition in force on a day; NULL when none is (Art. 16, 19). The one-cluster form of clusters_valid_on.';

-- Status: a recognition in force wins over a newer application (a recognised cluster that applies again stays
-- RECOGNIZED while valid, the application visible on it); then a pending application; then how the latest
-- recognition ended; then a rejection; else the pool.
CREATE OR REPLACE FUNCTION clusters_status_on(p_day date) RETURNS TABLE (cluster_id bigint, status text)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT c.id, CASE
        WHEN r.id IS NOT NULL AND p_day <= r.valid_until AND r.revoked_on IS NULL THEN 'RECOGNIZED'
        -- A newer application than the last recognition, undecided on the day: applying (again).
        WHEN a.submitted_on IS NOT NULL AND (r.recognized_on IS NULL OR a.submitted_on > r.recognized_on)
             AND (a.decided_on IS NULL OR a.decided_on > p_day) THEN 'APPLYING'
        WHEN r.id IS NOT NULL THEN CASE WHEN r.revoked_on IS NOT NULL THEN 'REVOKED' ELSE 'EXPIRED' END
        WHEN a.outcome_code = 'REJECTED' THEN 'REJECTED'
        ELSE 'CULTIVATING'
    END
    FROM cluster c
    -- The latest recognition by the day (with its revocation, if made by the day), and the latest application.
    LEFT JOIN (SELECT DISTINCT ON (rr.cluster_id) rr.cluster_id, rr.id, rr.recognized_on, rr.valid_until,
                      (SELECT v.revoked_on FROM revocation v WHERE v.recognition_id = rr.id AND v.revoked_on <= p_day) AS revoked_on
               FROM recognition rr WHERE rr.recognized_on <= p_day
               ORDER BY rr.cluster_id, rr.recognized_on DESC) r ON r.cluster_id = c.id
    LEFT JOIN (SELECT DISTINCT ON (aa.cluster_id) aa.cluster_id, aa.submitted_on, aa.decided_on,
                      CASE WHEN aa.decided_on <= p_day THEN aa.outcome_code ELSE 'PENDING' END AS outcome_code
               FROM application aa WHERE aa.submitted_on <= p_day
               ORDER BY aa.cluster_id, aa.submitted_on DESC, aa.id DESC) a ON a.cluster_id = c.id
$$;
COMMENT ON FUNCTION clusters_status_on(date) IS 'Status of every cluster on a day, from what had happened by then: RECOGNIZED while its latest recognition is in force (through its last valid day, Art. 16; not revoked, Art. 19), even if it has applied again; APPLYING while a newer application is undecided; REVOKED or EXPIRED after the latest recognition ended so; REJECTED after a rejection; CULTIVATING otherwise (the pool, Art. 7).';

CREATE OR REPLACE FUNCTION cluster_review_due_on(p_cluster_id bigint, p_day date) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce((
        SELECT r.valid_until - p_day <= 90
               AND NOT EXISTS (SELECT 1 FROM review w WHERE w.recognition_id = r.id AND w.requested_on <= p_day)
        FROM recognition r
        WHERE r.cluster_id = p_cluster_id AND r.recognized_on <= p_day
          AND NOT EXISTS (SELECT 1 FROM revocation v WHERE v.recognition_id = r.id AND v.revoked_on <= p_day)
          AND NOT EXISTS (SELECT 1 FROM recognition later WHERE later.cluster_id = r.cluster_id
                          AND later.recognized_on > r.recognized_on AND later.recognized_on <= p_day)
        ORDER BY r.recognized_on DESC LIMIT 1), false)
$$;
COMMENT ON FUNCTION cluster_review_due_on(bigint, date) IS 'true when the latest unrevoked recognition''s last valid day is at most 90 days away, or has passed, and no re-review of it was requested by then (Art. 16: a re-review is requested after the validity ends).';

CREATE OR REPLACE FUNCTION check_revocation_within_validity() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    r recognition%ROWTYPE;
BEGIN
    SELECT * INTO r FROM recognition WHERE id = NEW.recognition_id;
    IF NEW.revoked_on < r.recognized_on OR NEW.revoked_on > r.valid_until THEN
        RAISE EXCEPTION 'revocation on % is outside the validity of recognition % (% through %)',
            NEW.revoked_on, r.id, r.recognized_on, r.valid_until
            USING ERRCODE = 'check_violation', CONSTRAINT = 'revocation_within_validity';
    END IF;
    IF EXISTS (SELECT 1 FROM review w WHERE w.recognition_id = NEW.recognition_id) THEN
        RAISE EXCEPTION 'recognition % already has a re-review (复核): revoke the recognition the re-review renewed, not the one it reviewed (Art. 16, 19)', r.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'revocation_before_review';
    END IF;
    RETURN NEW;
END $$;
COMMENT ON FUNCTION check_revocation_within_validity() IS 'Art. 19 revokes "within the validity period" (有效期内): the revocation day lies between the recognition day and the last valid day, both included; a recognition already re-reviewed is not revoked (its renewal is).';

-- ---- 2. Titles: valid on a day, counted by each standard ---------------------------------------------------

ALTER TABLE qualification ADD COLUMN withdrawn_on date;
ALTER TABLE qualification ADD CONSTRAINT qualification_withdrawn_after_grant CHECK (withdrawn_on > granted_on);
ALTER TABLE qualification DROP CONSTRAINT qualification_check;
ALTER TABLE qualification ADD CONSTRAINT qualification_expires_after_grant CHECK (expires_on > granted_on);
COMMENT ON COLUMN qualification.expires_on IS 'Last day the title is valid (有效期至), inclusive; NULL: the kind''s usual term from the grant (qualification_kind.validity_years, counted by Civil Code Art. 201-202), or no end for a kind with no fixed term.';
COMMENT ON COLUMN qualification.withdrawn_on IS 'Day the title was withdrawn or revoked (撤销/摘牌); not valid from that day. NULL: not withdrawn.';
CREATE INDEX qualification_withdrawn_on_idx ON qualification (withdrawn_on);

CREATE FUNCTION qualification_last_day(p_granted_on date, p_expires_on date, p_kind_code text) RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(p_expires_on,
                    (SELECT (p_granted_on + make_interval(years => k.validity_years))::date
                     FROM qualification_kind k WHERE k.code = p_kind_code),
                    'infinity'::date)
$$;
COMMENT ON FUNCTION qualification_last_day(date, date, text) IS 'Last valid day of a title: its recorded expiry, else the grant day plus the kind''s usual term (Civil Code Art. 201-202), else no end (''infinity'') for a kind with no fixed term.';

CREATE FUNCTION qualifications_valid_on(p_day date) RETURNS SETOF qualification
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT q.* FROM qualification q
    LEFT JOIN qualification_kind k ON k.code = q.kind_code
    WHERE q.granted_on <= p_day
      AND p_day <= coalesce(q.expires_on, (q.granted_on + make_interval(years => k.validity_years))::date, 'infinity'::date)
      AND (q.withdrawn_on IS NULL OR p_day < q.withdrawn_on)
$$;
COMMENT ON FUNCTION qualifications_valid_on(date) IS 'The titles valid on a day (Art. 11(2)): granted by then, not past their last valid day (qualification_last_day), not withdrawn. One SELECT, so PostgreSQL inlines it into the calling query.';

COMMENT ON TABLE qualification_kind IS 'The eight tiers of quality enterprises named in Art. 11(2) (优质中小企业梯度培育): 创新型中小企业, “专精特新”中小企业, 专精特新“小巨人”, 制造业单项冠军, 科技型中小企业, 国家级高新技术企业, 农业产业化龙头企业, 中华老字号. Which of them count, at which issuing level, is set per recognition standard (recognition_standard_title).';

CREATE TABLE recognition_standard_title (
    standard_code text NOT NULL REFERENCES recognition_standard ON UPDATE CASCADE ON DELETE CASCADE,
    measure_code  text NOT NULL REFERENCES eligibility_measure
                  CHECK (measure_code IN ('CHAMPIONS_OR_LITTLE_GIANTS', 'OTHER_QUALITY_SMES')),
    kind_code     text NOT NULL,
    level_code    text NOT NULL,
    PRIMARY KEY (standard_code, kind_code, level_code),
    FOREIGN KEY (kind_code, level_code) REFERENCES qualification_tier
);
COMMENT ON TABLE recognition_standard_title IS 'Which titles count toward condition 2 (Art. 11(2)) under a recognition standard, and toward which of its two figures: a title of that kind granted at that level, valid on the evaluation day. Data, versioned with the standard: a provincial single-item champion counts only where a standard says so.';
COMMENT ON COLUMN recognition_standard_title.standard_code IS 'Recognition standard.';
COMMENT ON COLUMN recognition_standard_title.measure_code IS 'The figure of condition 2 the title counts toward: CHAMPIONS_OR_LITTLE_GIANTS or OTHER_QUALITY_SMES.';
COMMENT ON COLUMN recognition_standard_title.kind_code IS 'Title kind.';
COMMENT ON COLUMN recognition_standard_title.level_code IS 'Issuing level at which the title counts.';
CREATE INDEX recognition_standard_title_measure_code_idx ON recognition_standard_title (measure_code);
CREATE INDEX recognition_standard_title_tier_idx ON recognition_standard_title (kind_code, level_code);
INSERT INTO recognition_standard_title VALUES
-- MIIT 2022: single-item champions and little giants (both national titles of MIIT), or 专精特新 / innovative
-- SMEs / national high-tech enterprises.
('MIIT-2022', 'CHAMPIONS_OR_LITTLE_GIANTS', 'SINGLE_ITEM_CHAMPION', 'NATIONAL'),
('MIIT-2022', 'CHAMPIONS_OR_LITTLE_GIANTS', 'LITTLE_GIANT',         'NATIONAL'),
('MIIT-2022', 'OTHER_QUALITY_SMES',         'SPECIALIZED_SME',      'PROVINCIAL'),
('MIIT-2022', 'OTHER_QUALITY_SMES',         'INNOVATIVE_SME',       'PROVINCIAL'),
('MIIT-2022', 'OTHER_QUALITY_SMES',         'HIGH_TECH_ENTERPRISE', 'NATIONAL'),
-- The labelled sample provincial standard: every title Art. 11(2) names; the province's own single-item
-- champions count with the national ones (a sample reading, as the whole standard is).
('GZ-SAMPLE-2023', 'CHAMPIONS_OR_LITTLE_GIANTS', 'SINGLE_ITEM_CHAMPION', 'NATIONAL'),
('GZ-SAMPLE-2023', 'CHAMPIONS_OR_LITTLE_GIANTS', 'SINGLE_ITEM_CHAMPION', 'PROVINCIAL'),
('GZ-SAMPLE-2023', 'CHAMPIONS_OR_LITTLE_GIANTS', 'LITTLE_GIANT',         'NATIONAL'),
('GZ-SAMPLE-2023', 'OTHER_QUALITY_SMES',         'INNOVATIVE_SME',       'PROVINCIAL'),
('GZ-SAMPLE-2023', 'OTHER_QUALITY_SMES',         'SPECIALIZED_SME',      'PROVINCIAL'),
('GZ-SAMPLE-2023', 'OTHER_QUALITY_SMES',         'TECH_SME',             'NATIONAL'),
('GZ-SAMPLE-2023', 'OTHER_QUALITY_SMES',         'HIGH_TECH_ENTERPRISE', 'NATIONAL'),
('GZ-SAMPLE-2023', 'OTHER_QUALITY_SMES',         'AGRICULTURAL_LEADING', 'NATIONAL'),
('GZ-SAMPLE-2023', 'OTHER_QUALITY_SMES',         'AGRICULTURAL_LEADING', 'PROVINCIAL'),
('GZ-SAMPLE-2023', 'OTHER_QUALITY_SMES',         'TIME_HONORED_BRAND',   'NATIONAL');

UPDATE eligibility_measure SET name = '主导产业单项冠军或“小巨人”企业数（按标准所列层级）',
    name_en = 'Single-item champions or little giants in the leading industry (levels as the standard lists)'
WHERE code = 'CHAMPIONS_OR_LITTLE_GIANTS';
UPDATE eligibility_measure SET name = '主导产业其他优质企业数（按标准所列称号）',
    name_en = 'Other quality enterprises in the leading industry (titles as the standard lists)'
WHERE code = 'OTHER_QUALITY_SMES';

-- ---- 1. Exact thresholds -------------------------------------------------------------------------------------

-- A figure for an explanation. Rounded for reading, but never so far that it reads as its threshold when it is
-- not: a share of 69.996 % against 70 % is written 69.996%, not 70%.
CREATE FUNCTION eligibility_figure_text(p_value numeric, p_unit text, p_english boolean, p_threshold numeric) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    -- The usual rounding (eligibility_figure_text's three-argument form) unless it would equal the threshold's.
    SELECT CASE
        WHEN p_value = p_threshold OR p_value IS NULL OR p_threshold IS NULL THEN eligibility_figure_text(p_value, p_unit, p_english)
        WHEN p_unit = 'RATIO' AND round(p_value * 100, 2) = round(p_threshold * 100, 2)
            THEN trim_scale(round(p_value * 100, 8))::text || '%'
        WHEN p_unit = 'YUAN' AND p_english AND round(p_value / 1000000000, 3) = round(p_threshold / 1000000000, 3)
            THEN trim_scale(round(p_value / 1000000000, 11))::text || ' billion yuan'
        WHEN p_unit = 'YUAN' AND NOT p_english AND round(p_value / 100000000, 2) = round(p_threshold / 100000000, 2)
            THEN trim_scale(round(p_value / 100000000, 10))::text || '亿元'
        ELSE eligibility_figure_text(p_value, p_unit, p_english)
    END
$$;
COMMENT ON FUNCTION eligibility_figure_text(numeric, text, boolean, numeric) IS 'A figure written for an explanation, with more digits where the usual rounding would make it read as its threshold.';

-- Every figure: (item, sort_key, measure, year, value, threshold, comparison, basis, exact_met). `comparison` is
-- AT_LEAST (>=), MORE_THAN (>), LESS_THAN (<) or REPORTED (the figure only has to be reported); `basis` says where
-- the threshold comes from: STANDARD, PREVIOUS_YEAR, FIRST_YEAR (of the window) or SECTOR_BENCHMARK. `exact_met`,
-- where given, is the judgement made without dividing (shares, growth); otherwise value and threshold are compared
-- as they are. Figures describe the years before the call year; titles and the operating body are taken as they
-- stand on the evaluation day.
CREATE OR REPLACE FUNCTION cluster_eligibility_figures(p_cluster_id bigint, p_standard text, p_year integer, p_day date)
RETURNS TABLE (cluster_id bigint, standard_code text, evaluation_year integer, evaluated_on date, item smallint,
               sort_key integer, measure text, year integer, value numeric, threshold numeric, comparison text,
               basis text, met boolean, explanation text, explanation_en text)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH s AS (SELECT * FROM recognition_standard WHERE code = p_standard),
    c AS (SELECT * FROM cluster WHERE id = p_cluster_id),
    i AS (SELECT * FROM cluster_indicator WHERE cluster_indicator.cluster_id = p_cluster_id),
    last AS (SELECT i.* FROM (SELECT 1) one LEFT JOIN i ON i.year = p_year - 1),
    -- Titles valid on the evaluation day, of the kinds and levels the standard counts, in the leading industry.
    qualified AS (
        SELECT q.enterprise_id, t.measure_code
        FROM qualifications_valid_on(p_day) q
        JOIN enterprise e ON e.id = q.enterprise_id
        JOIN recognition_standard_title t ON t.standard_code = p_standard AND t.kind_code = q.kind_code
                                         AND t.level_code = q.level_code
        WHERE e.cluster_id = p_cluster_id AND e.in_leading_industry),
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

-- ---- 3 and 5. Reports owed and revocation risks ---------------------------------------------------------------

CREATE OR REPLACE FUNCTION cluster_annual_reports(p_cluster_id bigint, p_day date)
RETURNS TABLE (cluster_id bigint, year integer, due_on date, submitted_on date, report_id bigint, status text, days_late integer)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT p_cluster_id, y.year, y.due_on, y.submitted_on, y.report_id,
           CASE WHEN y.submitted_on IS NULL AND y.due_on >= p_day THEN 'NOT_DUE'
                WHEN y.submitted_on IS NULL THEN 'MISSING'
                WHEN y.submitted_on <= y.due_on THEN 'ON_TIME'
                ELSE 'LATE' END,
           CASE WHEN y.submitted_on > y.due_on THEN y.submitted_on - y.due_on
                WHEN y.submitted_on IS NULL AND y.due_on < p_day THEN p_day - y.due_on END
    FROM (
        SELECT gs.year, make_date(gs.year + 1, 3, 10) AS due_on,
               CASE WHEN ar.submitted_on <= p_day THEN ar.submitted_on END AS submitted_on,
               CASE WHEN ar.submitted_on <= p_day THEN ar.id END AS report_id
        FROM generate_series((SELECT extract(year FROM min(r0.recognized_on))::int FROM recognition r0
                              WHERE r0.cluster_id = p_cluster_id AND r0.recognized_on <= p_day),
                             extract(year FROM p_day)::int) AS gs(year)
        LEFT JOIN annual_report ar ON ar.cluster_id = p_cluster_id AND ar.year = gs.year
        WHERE EXISTS (SELECT 1 FROM recognition r WHERE r.cluster_id = p_cluster_id AND r.recognized_on <= p_day
                      AND r.recognized_on <= make_date(gs.year, 12, 31) AND r.valid_until >= make_date(gs.year, 1, 1)
                      AND NOT EXISTS (SELECT 1 FROM revocation v WHERE v.recognition_id = r.id
                                      AND v.revoked_on < make_date(gs.year + 1, 3, 10) AND v.revoked_on <= p_day))
    ) y
    ORDER BY y.year
$$;
COMMENT ON FUNCTION cluster_annual_reports(bigint, date) IS 'Reports a cluster owes as of a day (Art. 18): each year some recognition was in force (through its last valid day) and not revoked, by the day, before 10 March of the next year; ON_TIME up to and including 10 March, LATE after it (with days), MISSING when not submitted by the day after the deadline, NOT_DUE before it. A report submitted after the day counts as not submitted.';

CREATE OR REPLACE FUNCTION cluster_revocation_risks(p_cluster_id bigint, p_day date)
RETURNS TABLE (cluster_id bigint, recognition_id bigint, ground_code text, item smallint, since date,
               evidence text, evidence_en text, standard_code text, report_year integer, incident_id bigint,
               change_filing_id bigint, monitoring_check_id bigint, finding_id bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH live AS (
        -- The recognition in force on the day (through its last valid day), and the day its application or
        -- re-review was submitted.
        SELECT r.id, r.recognized_on, coalesce(a.submitted_on, w.requested_on, r.recognized_on) AS basis_on
        FROM recognition r
        LEFT JOIN application a ON a.id = r.application_id
        LEFT JOIN review w ON w.id = r.review_id
        WHERE r.cluster_id = p_cluster_id AND r.recognized_on <= p_day AND p_day <= r.valid_until
          AND NOT EXISTS (SELECT 1 FROM revocation v WHERE v.recognition_id = r.id AND v.revoked_on <= p_day)
        ORDER BY r.recognized_on DESC LIMIT 1
    ),
    standard AS (SELECT eligibility_standard(NULL, extract(year FROM p_day)::int) AS code),
    risks AS (
        -- (1) Conditions no longer met under the standard in force.
        SELECT 'NO_LONGER_ELIGIBLE' AS ground_code, NULL::date AS since,
               '按' || standard.code || '，以下条件不再满足：' || string_agg(rc.name, '、' ORDER BY c.item) AS evidence,
               'Under ' || standard.code || ' these conditions are no longer met: ' || string_agg(rc.name_en, ', ' ORDER BY c.item) AS evidence_en,
               standard.code AS standard_code, NULL::int AS report_year, NULL::bigint AS incident_id,
               NULL::bigint AS change_filing_id, NULL::bigint AS monitoring_check_id, NULL::bigint AS finding_id, 1 AS sort
        FROM live CROSS JOIN standard
        CROSS JOIN cluster_eligibility_conditions(p_cluster_id, standard.code, extract(year FROM p_day)::int, p_day) c
        JOIN recognition_condition rc ON rc.item = c.item
        WHERE c.outcome = 'NOT_MET'
        GROUP BY standard.code
        UNION ALL
        -- (2) A finding of false application or illegal conduct since the application behind the recognition.
        SELECT 'FALSE_APPLICATION', f.found_on,
               f.found_on || ' ' || f.found_by || '认定：' || f.description,
               'Found on ' || f.found_on || ' by ' || f.found_by || ': ' || f.description,
               NULL, NULL, NULL, NULL, NULL, f.id, 2
        FROM live JOIN misconduct_finding f ON f.cluster_id = p_cluster_id AND f.found_on >= live.basis_on AND f.found_on <= p_day
        UNION ALL
        -- (3) An annual report missing on the day (a failure that lasts, whenever it began), or filed late during
        -- the recognition (a failure that happened, even once the report came in), or monitoring refused.
        SELECT 'REPORTING_FAILURE', ar.due_on + 1,
               CASE WHEN ar.status = 'MISSING'
                    THEN ar.year || '年度发展情况报告未报送（应于' || ar.due_on || '前报送，已逾期' || ar.days_late || '天）'
                    ELSE ar.year || '年度发展情况报告逾期' || ar.days_late || '天报送（应于' || ar.due_on || '前报送，' || ar.submitted_on || '报送）' END,
               CASE WHEN ar.status = 'MISSING'
                    THEN 'Annual report for ' || ar.year || ' not submitted (due ' || ar.due_on || ', ' || ar.days_late || ' days overdue)'
                    ELSE 'Annual report for ' || ar.year || ' submitted ' || ar.days_late || ' days late (due ' || ar.due_on
                         || ', submitted ' || ar.submitted_on || ')' END,
               NULL, ar.year, NULL, NULL, NULL, NULL, 3
        FROM live CROSS JOIN cluster_annual_reports(p_cluster_id, p_day) ar
        WHERE ar.status = 'MISSING' OR (ar.status = 'LATE' AND ar.due_on + 1 >= live.recognized_on)
        UNION ALL
        SELECT 'REPORTING_FAILURE', m.checked_on,
               m.checked_on || ' ' || m.checked_by || '监测时集群不接受或不配合监测',
               'Monitoring by ' || m.checked_by || ' on ' || m.checked_on || ' was refused or obstructed',
               NULL, NULL, NULL, NULL, m.id, NULL, 3
        FROM live JOIN monitoring_check m ON m.cluster_id = p_cluster_id AND NOT m.cooperated
             AND m.checked_on >= live.recognized_on AND m.checked_on <= p_day
        UNION ALL
        -- (4) A major change during the recognition not filed within a month (late, or not at all by the day).
        SELECT 'UNFILED_MAJOR_CHANGE', cf.due_on + 1,
               k.name || '（' || cf.changed_on || '）' || CASE WHEN cf.filed_on <= p_day
                   THEN '逾期' || (cf.filed_on - cf.due_on) || '天报备（期限' || cf.due_on || '）'
                   ELSE '未报备（期限' || cf.due_on || '，已逾期' || (p_day - cf.due_on) || '天）' END,
               k.name_en || ' on ' || cf.changed_on || CASE WHEN cf.filed_on <= p_day
                   THEN ' filed ' || (cf.filed_on - cf.due_on) || ' days late (due ' || cf.due_on || ')'
                   ELSE ' not filed (due ' || cf.due_on || ', ' || (p_day - cf.due_on) || ' days overdue)' END,
               NULL, NULL, NULL, cf.id, NULL, NULL, 4
        FROM live JOIN change_filing cf ON cf.cluster_id = p_cluster_id
             AND cf.changed_on >= live.recognized_on AND cf.due_on < p_day
             AND (cf.filed_on IS NULL OR cf.filed_on > p_day OR cf.filed_on > cf.due_on)
        JOIN change_kind k ON k.code = cf.change_kind_code
        UNION ALL
        -- (5) A disqualifying incident in a cluster enterprise during the recognition.
        SELECT 'DISQUALIFYING_INCIDENT', i.occurred_on,
               i.occurred_on || ' ' || e.name || '发生' || k.name || coalesce('（' || g.name || '）', '') || '：' || i.description,
               k.name_en || coalesce(' (' || g.name_en || ')', '') || ' at ' || coalesce(e.name_en, e.name) || ' on ' || i.occurred_on
                   || ': ' || i.description,
               NULL, NULL, i.id, NULL, NULL, NULL, 5
        FROM live CROSS JOIN standard JOIN recognition_standard s ON s.code = standard.code
        CROSS JOIN cluster_disqualifying_incidents(p_cluster_id, p_day, s.incident_lookback_years) i
        JOIN enterprise e ON e.id = i.enterprise_id
        JOIN incident_kind k ON k.code = i.kind_code
        LEFT JOIN incident_grade g ON g.code = i.grade_code
        WHERE i.occurred_on >= live.recognized_on
    )
    SELECT p_cluster_id, live.id, risks.ground_code, g.item, risks.since, risks.evidence, risks.evidence_en,
           risks.standard_code, risks.report_year, risks.incident_id, risks.change_filing_id,
           risks.monitoring_check_id, risks.finding_id
    FROM risks CROSS JOIN live JOIN revocation_ground g ON g.code = risks.ground_code
    ORDER BY risks.sort, risks.since NULLS FIRST, risks.report_year, risks.incident_id, risks.change_filing_id,
             risks.monitoring_check_id, risks.finding_id
$$;
COMMENT ON FUNCTION cluster_revocation_risks(bigint, date) IS 'The Art. 19 grounds triggered on a day for the recognition then in force (none when no recognition is): (1) conditions not met under the standard in force, (2) a finding of false application or illegal conduct, (3) an annual report missing, or filed late during the recognition, or refused monitoring, (4) a major change filed late or not at all, (5) a disqualifying incident during the recognition; one row per piece of evidence, each with the day it arose.';

-- ---- 6. Support known on a day -----------------------------------------------------------------------------

-- The day a measure is known: its approval, or, recorded with only a year, that year's last day. A figure on a day
-- counts the measures known by then; this index finds those known after it (none for today) without a scan.
CREATE INDEX support_measure_known_on_idx ON support_measure ((coalesce(approved_on, make_date(year::int, 12, 31))));

-- ---- 4. Process integrity (Art. 14-16, 19) ------------------------------------------------------------------

-- Each stage needs the one before it: first review (受理、初审) → recommendation (推荐) → provincial review (审核) →
-- public notice (公示); an approval needs all of them and comes after the notice has ended (经公示无异议).
ALTER TABLE application
    ADD CONSTRAINT application_recommended_after_first_review CHECK (recommended_on IS NULL OR first_review_on IS NOT NULL),
    ADD CONSTRAINT application_provincial_review_needs_recommendation CHECK (provincial_review_on IS NULL OR recommended_on IS NOT NULL),
    ADD CONSTRAINT application_notice_needs_provincial_review CHECK (public_notice_from IS NULL OR provincial_review_on IS NOT NULL),
    ADD CONSTRAINT application_notice_has_end CHECK ((public_notice_from IS NULL) = (public_notice_to IS NULL)),
    ADD CONSTRAINT application_approved_after_every_stage CHECK (outcome_code <> 'APPROVED' OR (
        first_review_on IS NOT NULL AND recommended_on IS NOT NULL AND provincial_review_on IS NOT NULL
        AND public_notice_from IS NOT NULL AND public_notice_to IS NOT NULL AND decided_on > public_notice_to));
COMMENT ON CONSTRAINT application_recommended_after_first_review ON application IS 'Art. 14: the prefecture recommends (推荐) only what it has accepted and first-reviewed (受理、初审).';
COMMENT ON CONSTRAINT application_provincial_review_needs_recommendation ON application IS 'Art. 15: the province reviews (审核) only clusters its prefecture recommended.';
COMMENT ON CONSTRAINT application_notice_needs_provincial_review ON application IS 'Art. 15: the public notice (公示) lists clusters the province has reviewed.';
COMMENT ON CONSTRAINT application_notice_has_end ON application IS 'A public notice has a first and a last day.';
COMMENT ON CONSTRAINT application_approved_after_every_stage ON application IS 'Art. 14-15: an approval needs first review, recommendation, provincial review and a public notice, and comes after the notice has ended without objection (经公示无异议).';

-- A recognition's basis, checked at commit (rows of several tables may arrive in any order within a transaction):
-- an initial recognition follows an APPROVED application of the same cluster and is dated on or after the decision,
-- after the public notice ended; a renewal follows an APPROVED re-review of the same cluster, dated on or after it.
CREATE FUNCTION check_recognition_basis() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    r  recognition%ROWTYPE;
    a  application%ROWTYPE;
    w  review%ROWTYPE;
BEGIN
    FOR r IN
        SELECT rr.* FROM recognition rr
        WHERE (TG_TABLE_NAME = 'recognition' AND rr.id = NEW.id)
           OR (TG_TABLE_NAME = 'application' AND rr.application_id = NEW.id)
           OR (TG_TABLE_NAME = 'review' AND rr.review_id = NEW.id)
    LOOP
        IF r.application_id IS NOT NULL THEN
            SELECT * INTO a FROM application WHERE id = r.application_id;
            IF a.cluster_id <> r.cluster_id THEN
                RAISE EXCEPTION 'recognition % of cluster % rests on application % of another cluster (%)', r.id, r.cluster_id, a.id, a.cluster_id
                    USING ERRCODE = 'check_violation', CONSTRAINT = 'recognition_application_same_cluster';
            END IF;
            IF a.outcome_code <> 'APPROVED' THEN
                RAISE EXCEPTION 'recognition % rests on application % whose outcome is %, not APPROVED: a cluster is recognised only after the province approves its application (Art. 15)',
                    r.id, a.id, a.outcome_code
                    USING ERRCODE = 'check_violation', CONSTRAINT = 'recognition_application_approved';
            END IF;
            IF r.recognized_on < a.decided_on OR r.recognized_on <= a.public_notice_to THEN
                RAISE EXCEPTION 'recognition % is dated % but application % was decided on % after a public notice ending %: a cluster is recognised once the notice has ended without objection (Art. 15)',
                    r.id, r.recognized_on, a.id, a.decided_on, a.public_notice_to
                    USING ERRCODE = 'check_violation', CONSTRAINT = 'recognition_after_notice';
            END IF;
        ELSIF r.review_id IS NOT NULL THEN
            SELECT * INTO w FROM review WHERE id = r.review_id;
            IF w.outcome_code <> 'APPROVED' THEN
                RAISE EXCEPTION 'renewed recognition % rests on re-review % whose outcome is %, not APPROVED (Art. 16)', r.id, w.id, w.outcome_code
                    USING ERRCODE = 'check_violation', CONSTRAINT = 'recognition_review_approved';
            END IF;
            IF r.recognized_on < w.decided_on THEN
                RAISE EXCEPTION 'renewed recognition % is dated % before its re-review % was decided on %', r.id, r.recognized_on, w.id, w.decided_on
                    USING ERRCODE = 'check_violation', CONSTRAINT = 'recognition_after_review';
            END IF;
        END IF;
    END LOOP;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION check_recognition_basis() IS 'Deferred check of Art. 15-16: a recognition follows an approved application of its cluster, after the public notice ended, or an approved re-review, on or after its decision.';
CREATE CONSTRAINT TRIGGER recognition_basis_check
    AFTER INSERT OR UPDATE ON recognition
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION check_recognition_basis();
CREATE CONSTRAINT TRIGGER application_recognition_basis_check
    AFTER UPDATE OF outcome_code, decided_on, public_notice_to, cluster_id ON application
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION check_recognition_basis();
CREATE CONSTRAINT TRIGGER review_recognition_basis_check
    AFTER UPDATE OF outcome_code, decided_on ON review
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION check_recognition_basis();

-- A re-review (复核, Art. 16) is requested after the validity ended (有效期满后), through the cluster's prefecture
-- (所在市州), of a recognition that was never revoked: a revoked cluster must apply again.
CREATE FUNCTION check_review_request() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    r           recognition%ROWTYPE;
    prefecture  text;
    revoked     date;
BEGIN
    SELECT * INTO r FROM recognition WHERE id = NEW.recognition_id;
    IF NEW.requested_on <= r.valid_until THEN
        RAISE EXCEPTION 're-review of recognition % requested on %, but its validity runs through %: a re-review is requested after the validity ends (有效期满后, Art. 16)',
            r.id, NEW.requested_on, r.valid_until
            USING ERRCODE = 'check_violation', CONSTRAINT = 'review_after_validity';
    END IF;
    SELECT k.prefecture_code INTO prefecture FROM cluster c JOIN county k ON k.code = c.applicant_county_code WHERE c.id = NEW.cluster_id;
    IF NEW.prefecture_code IS DISTINCT FROM prefecture THEN
        RAISE EXCEPTION 're-review of cluster % is requested through prefecture %, but the cluster''s prefecture is % (所在市州, Art. 16)',
            NEW.cluster_id, NEW.prefecture_code, prefecture
            USING ERRCODE = 'check_violation', CONSTRAINT = 'review_through_cluster_prefecture';
    END IF;
    SELECT v.revoked_on INTO revoked FROM revocation v WHERE v.recognition_id = NEW.recognition_id;
    IF FOUND THEN
        RAISE EXCEPTION 'recognition % was revoked on %: a revoked recognition cannot be renewed by a re-review; the cluster must apply again (Art. 16, 19)',
            r.id, revoked
            USING ERRCODE = 'check_violation', CONSTRAINT = 'review_of_unrevoked_recognition';
    END IF;
    RETURN NEW;
END $$;
COMMENT ON FUNCTION check_review_request() IS 'Art. 16: a re-review is requested after the validity ends, through the cluster''s prefecture, of a recognition that was not revoked.';
CREATE TRIGGER review_request_check
    BEFORE INSERT OR UPDATE OF requested_on, recognition_id, prefecture_code, cluster_id ON review
    FOR EACH ROW EXECUTE FUNCTION check_review_request();

-- The checks above hold for every row already stored; say which do not rather than keep them silently.
DO $$
DECLARE
    bad text;
BEGIN
    SELECT string_agg(format('recognition %s (cluster %s)', r.id, r.cluster_id), ', ') INTO bad
    FROM recognition r LEFT JOIN application a ON a.id = r.application_id LEFT JOIN review w ON w.id = r.review_id
    WHERE (a.id IS NOT NULL AND (a.cluster_id <> r.cluster_id OR a.outcome_code <> 'APPROVED'
                                 OR r.recognized_on < a.decided_on OR r.recognized_on <= a.public_notice_to))
       OR (w.id IS NOT NULL AND (w.outcome_code <> 'APPROVED' OR r.recognized_on < w.decided_on));
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'recognitions that do not rest on an approved application or re-review (Art. 15-16): %', bad
            USING ERRCODE = 'check_violation', CONSTRAINT = 'recognition_basis';
    END IF;
    SELECT string_agg(format('review %s (cluster %s)', w.id, w.cluster_id), ', ') INTO bad
    FROM review w JOIN recognition r ON r.id = w.recognition_id
    JOIN cluster c ON c.id = w.cluster_id JOIN county k ON k.code = c.applicant_county_code
    WHERE w.requested_on <= r.valid_until OR w.prefecture_code <> k.prefecture_code
       OR EXISTS (SELECT 1 FROM revocation v WHERE v.recognition_id = w.recognition_id);
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 're-reviews requested before the validity ended, through another prefecture, or of a revoked recognition (Art. 16): %', bad
            USING ERRCODE = 'check_violation', CONSTRAINT = 'review_request';
    END IF;
END $$;
