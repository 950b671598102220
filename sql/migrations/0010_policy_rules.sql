-- 0010: the policy's rules as set-returning SQL functions, so that a query selecting, filtering, ordering
-- or grouping by them is still one statement: the reports a cluster owes (Art. 18), eligibility against a
-- versioned recognition standard (Art. 11-12) and the revocation grounds currently triggered (Art. 19).
--
-- Functions that take a user-chosen standard raise SQLSTATE QJ400 with a human message for an unknown
-- code; the server turns that (and only that) into a BAD_USER_INPUT error carrying the message.

-- ---- Reference rows the explanations are written from ----------------------------------------------

CREATE TABLE recognition_condition (
    code    text PRIMARY KEY,
    item    smallint NOT NULL UNIQUE CHECK (item BETWEEN 1 AND 8),
    name    text NOT NULL UNIQUE,
    name_en text NOT NULL,
    any_of  boolean NOT NULL
);
COMMENT ON TABLE recognition_condition IS 'The eight recognition conditions of Art. 11 (认定条件).';
COMMENT ON COLUMN recognition_condition.code IS 'Condition code (GraphQL enum RecognitionCondition).';
COMMENT ON COLUMN recognition_condition.item IS 'Item number 1-8 of Art. 11.';
COMMENT ON COLUMN recognition_condition.name IS 'Chinese name of the condition.';
COMMENT ON COLUMN recognition_condition.name_en IS 'English name.';
COMMENT ON COLUMN recognition_condition.any_of IS 'true: met when any one of its figures is met (alternatives); false: every figure must be met.';
INSERT INTO recognition_condition VALUES
('CORE_COMPETITIVENESS', 1, '核心竞争力',           'Core competitiveness',             false),
('QUALITY_SMES',         2, '优质中小企业梯度培育', 'Tiered cultivation of quality SMEs', true),
('SUPPLY_CHAIN',         3, '产业链供应链协同',     'Supply-chain collaboration',       false),
('INNOVATION',           4, '协同创新',             'Collaborative innovation',         false),
('DIGITAL',              5, '数字化转型',           'Digital transformation',           false),
('GREEN',                6, '绿色低碳',             'Green and low-carbon',             false),
('OPENING_UP',           7, '开放合作',             'Opening-up and cooperation',       true),
('GOVERNANCE',           8, '治理和服务',           'Governance and services',          false);

CREATE TABLE eligibility_measure (
    code    text PRIMARY KEY,
    item    smallint NOT NULL REFERENCES recognition_condition (item),
    name    text NOT NULL UNIQUE,
    name_en text NOT NULL,
    unit    text NOT NULL CHECK (unit IN ('YUAN', 'RATIO', 'COUNT', 'INTENSITY', 'FLAG')),
    rank    smallint NOT NULL UNIQUE
);
COMMENT ON TABLE eligibility_measure IS 'The figures an eligibility evaluation compares with a standard''s thresholds (Art. 11), with their labels and units.';
COMMENT ON COLUMN eligibility_measure.code IS 'Measure code (GraphQL enum EligibilityMeasure).';
COMMENT ON COLUMN eligibility_measure.item IS 'Condition (Art. 11 item) the measure belongs to.';
COMMENT ON COLUMN eligibility_measure.name IS 'Chinese label.';
COMMENT ON COLUMN eligibility_measure.name_en IS 'English label.';
COMMENT ON COLUMN eligibility_measure.unit IS 'How values are written: YUAN (亿元 / billion yuan), RATIO (percent), COUNT, INTENSITY (plain number), FLAG (yes/no).';
COMMENT ON COLUMN eligibility_measure.rank IS 'Display order.';
CREATE INDEX eligibility_measure_item_idx ON eligibility_measure (item);
INSERT INTO eligibility_measure VALUES
('OUTPUT',                     1, '集群产值',                 'Cluster output',                              'YUAN', 1),
('SME_OUTPUT_SHARE',           1, '中小企业产值占比',         'SME share of output',                         'RATIO', 2),
('LEADING_INDUSTRY_SHARE',     1, '主导产业产值占比',         'Leading-industry share of output',            'RATIO', 3),
('OUTPUT_GROWTH',              1, '产值年均增速',             'Average annual output growth',                'RATIO', 4),
('CHAMPIONS_OR_LITTLE_GIANTS', 2, '主导产业单项冠军或“小巨人”企业数', 'Single-item champions or little giants in the leading industry', 'COUNT', 5),
('OTHER_QUALITY_SMES',         2, '主导产业专精特新、创新型中小企业或高新技术企业数', 'Specialised, innovative SMEs or high-tech enterprises in the leading industry', 'COUNT', 6),
('LOCAL_SUPPLY_SHARE',         3, '本地配套率',               'Local supply share',                          'RATIO', 7),
('SME_RD_EXPENDITURE',         4, '中小企业研发经费',         'SME R&D spending',                            'YUAN', 8),
('SME_INVENTION_PATENTS',      4, '中小企业有效发明专利',     'SME valid invention patents',                 'COUNT', 9),
('CLOUD_ADOPTION_RATE',        5, '上云用平台率',             'Cloud adoption rate',                         'RATIO', 10),
('INDUSTRIAL_SOFTWARE_RATE',   5, '工业软件应用率',           'Industrial-software adoption rate',           'RATIO', 11),
('CO2_INTENSITY',              6, '二氧化碳排放强度',         'CO2 emission intensity',                      'INTENSITY', 12),
('ENERGY_INTENSITY',           6, '单位产值能耗',             'Energy use per output',                       'INTENSITY', 13),
('WATER_INTENSITY',            6, '单位产值用水量',           'Water use per output',                        'INTENSITY', 14),
('INTERNATIONAL_ACTIVITIES',   7, '国际合作活动及海外分支机构', 'International activities and overseas branches', 'COUNT', 15),
('EXPORT_VALUE',               7, '出口交货值',               'Export delivery value',                       'YUAN', 16),
('OPERATING_BODY',             8, '运营管理机构',             'Operating body',                              'FLAG', 17),
('SERVICE_PLATFORMS',          8, '公共服务平台',             'Public service platforms',                    'COUNT', 18);

-- ---- Findings behind Art. 19(2) ------------------------------------------------------------------------

CREATE TABLE misconduct_finding (
    id              bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    cluster_id      bigint NOT NULL REFERENCES cluster,
    application_id  bigint REFERENCES application,
    found_on        date NOT NULL,
    found_by        text NOT NULL CHECK (length(btrim(found_by)) > 0),
    description     text NOT NULL CHECK (length(btrim(description)) > 0),
    source          text
);
COMMENT ON TABLE misconduct_finding IS 'Findings that an application was false or that the applicant acted illegally (申报弄虚作假、违法违规), a revocation ground (Art. 19(2)).';
COMMENT ON COLUMN misconduct_finding.id IS 'Surrogate key.';
COMMENT ON COLUMN misconduct_finding.cluster_id IS 'Cluster concerned.';
COMMENT ON COLUMN misconduct_finding.application_id IS 'Application found false, if the finding concerns one.';
COMMENT ON COLUMN misconduct_finding.found_on IS 'Date of the finding (认定日期).';
COMMENT ON COLUMN misconduct_finding.found_by IS 'Body that made the finding.';
COMMENT ON COLUMN misconduct_finding.description IS 'What was found.';
COMMENT ON COLUMN misconduct_finding.source IS 'Record or notice it comes from.';
CREATE INDEX misconduct_finding_cluster_id_idx ON misconduct_finding (cluster_id);
CREATE INDEX misconduct_finding_application_id_idx ON misconduct_finding (application_id);
CREATE INDEX misconduct_finding_found_on_idx ON misconduct_finding (found_on);

-- ---- Annual reports owed (Art. 18) ----------------------------------------------------------------------

CREATE FUNCTION cluster_annual_reports(p_cluster_id bigint, p_day date)
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
                      AND r.recognized_on <= make_date(gs.year, 12, 31) AND r.valid_until > make_date(gs.year, 1, 1)
                      AND NOT EXISTS (SELECT 1 FROM revocation v WHERE v.recognition_id = r.id
                                      AND v.revoked_on < make_date(gs.year + 1, 3, 10)))
    ) y
    ORDER BY y.year
$$;
COMMENT ON FUNCTION cluster_annual_reports(bigint, date) IS 'Reports a cluster owes as of a day (Art. 18): each year some recognition was in force and not revoked before 10 March of the next year; ON_TIME up to and including 10 March, LATE after it (with days), MISSING when not submitted by the day after the deadline, NOT_DUE before it. A report submitted after the day counts as not submitted.';

-- ---- Eligibility (Art. 11) ----------------------------------------------------------------------------

CREATE FUNCTION eligibility_standard(p_standard text, p_year integer) RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    found_code text;
BEGIN
    IF p_standard IS NOT NULL THEN
        SELECT code INTO found_code FROM recognition_standard WHERE code = p_standard;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'There is no recognition standard "%". Known standards: %.', p_standard,
                (SELECT string_agg(code, ', ' ORDER BY effective_year, code) FROM recognition_standard)
                USING ERRCODE = 'QJ400';
        END IF;
        RETURN found_code;
    END IF;
    -- The standard of that year's call, else of the latest earlier call, else the latest standard in effect.
    SELECT coalesce(
        (SELECT standard_code FROM application_round WHERE year <= p_year ORDER BY year DESC LIMIT 1),
        (SELECT code FROM recognition_standard WHERE effective_year <= p_year ORDER BY effective_year DESC, code LIMIT 1),
        (SELECT code FROM recognition_standard ORDER BY effective_year, code LIMIT 1))
    INTO found_code;
    RETURN found_code;
END $$;
COMMENT ON FUNCTION eligibility_standard(text, integer) IS 'The standard an evaluation uses: the one named (an unknown code raises QJ400), else the standard of the year''s application round or the latest earlier one (Art. 12).';

CREATE FUNCTION eligibility_figure_text(p_value numeric, p_unit text, p_english boolean) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN p_value IS NULL THEN CASE WHEN p_english THEN 'no data' ELSE '无数据' END
        WHEN p_unit = 'YUAN' AND p_english THEN trim_scale(round(p_value / 1000000000, 3))::text || ' billion yuan'
        WHEN p_unit = 'YUAN' THEN trim_scale(round(p_value / 100000000, 2))::text || '亿元'
        WHEN p_unit = 'RATIO' THEN trim_scale(round(p_value * 100, 2))::text || '%'
        WHEN p_unit = 'FLAG' AND p_english THEN CASE WHEN p_value > 0 THEN 'yes' ELSE 'none' END
        WHEN p_unit = 'FLAG' THEN CASE WHEN p_value > 0 THEN '有' ELSE '无' END
        ELSE trim_scale(p_value)::text
    END
$$;
COMMENT ON FUNCTION eligibility_figure_text(numeric, text, boolean) IS 'A figure written for an explanation, in Chinese or English, by its unit.';

-- Every figure: (item, sort_key, measure, year, value, threshold, comparison, basis). `comparison` is
-- AT_LEAST (>=), MORE_THAN (>), LESS_THAN (<) or REPORTED (the figure only has to be reported); `basis`
-- says where the threshold comes from: STANDARD, PREVIOUS_YEAR, FIRST_YEAR (of the window) or
-- SECTOR_BENCHMARK. Figures describe the years before the call year; qualifications and the operating
-- body are taken as they stand on the evaluation day.
CREATE FUNCTION cluster_eligibility_figures(p_cluster_id bigint, p_standard text, p_year integer, p_day date)
RETURNS TABLE (cluster_id bigint, standard_code text, evaluation_year integer, evaluated_on date, item smallint,
               sort_key integer, measure text, year integer, value numeric, threshold numeric, comparison text,
               basis text, met boolean, explanation text, explanation_en text)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH s AS (SELECT * FROM recognition_standard WHERE code = p_standard),
    c AS (SELECT * FROM cluster WHERE id = p_cluster_id),
    i AS (SELECT * FROM cluster_indicator WHERE cluster_indicator.cluster_id = p_cluster_id),
    last AS (SELECT i.* FROM (SELECT 1) one LEFT JOIN i ON i.year = p_year - 1),
    qualified AS (
        SELECT q.enterprise_id, q.kind_code FROM qualification q JOIN enterprise e ON e.id = q.enterprise_id
        WHERE e.cluster_id = p_cluster_id AND e.in_leading_industry
          AND q.granted_on <= p_day AND (q.expires_on IS NULL OR q.expires_on > p_day)),
    raw (item, sort_key, measure, year, value, threshold, comparison, basis) AS (
        -- 1: output in each of the window's years, SME and leading-industry shares, average growth.
        SELECT 1, 10 + w.y - (p_year - s.output_years), 'OUTPUT', w.y, i.output_value, s.min_output_yuan, 'AT_LEAST', 'STANDARD'
        FROM s CROSS JOIN generate_series(p_year - s.output_years, p_year - 1) AS w(y) LEFT JOIN i ON i.year = w.y
        UNION ALL
        SELECT 1, 30, 'SME_OUTPUT_SHARE', p_year - 1, round(last.sme_output_value / nullif(last.output_value, 0), 4),
               s.min_sme_output_share, 'AT_LEAST', 'STANDARD' FROM s, last
        UNION ALL
        SELECT 1, 40, 'LEADING_INDUSTRY_SHARE', p_year - 1,
               round(last.leading_industry_output_value / nullif(last.output_value, 0), 4),
               s.leading_industry_share_over, 'MORE_THAN', 'STANDARD' FROM s, last
        UNION ALL
        -- Compound average over the steps between the window's first and last year (one step when the
        -- window is a single year, from the year before).
        SELECT 1, 50, 'OUTPUT_GROWTH', p_year - 1,
               round((power(last.output_value / nullif(b.output_value, 0), 1.0 / greatest(s.output_years - 1, 1)) - 1)::numeric, 4),
               s.output_growth_over, 'MORE_THAN', 'STANDARD'
        FROM s CROSS JOIN last LEFT JOIN i b ON b.year = p_year - 1 - greatest(s.output_years - 1, 1)
        UNION ALL
        -- 2: either enough champions / little giants, or enough other quality SMEs, in the leading industry.
        SELECT 2, 10, 'CHAMPIONS_OR_LITTLE_GIANTS', NULL,
               (SELECT count(DISTINCT enterprise_id) FROM qualified WHERE kind_code IN ('SINGLE_ITEM_CHAMPION', 'LITTLE_GIANT')),
               s.min_champions_or_little_giants, 'AT_LEAST', 'STANDARD' FROM s
        UNION ALL
        SELECT 2, 20, 'OTHER_QUALITY_SMES', NULL,
               (SELECT count(DISTINCT enterprise_id) FROM qualified
                WHERE kind_code IN ('SPECIALIZED_SME', 'INNOVATIVE_SME', 'HIGH_TECH_ENTERPRISE')),
               s.min_other_quality_smes, 'AT_LEAST', 'STANDARD' FROM s
        UNION ALL
        -- 3: local supply share (reported only, when the standard sets no number).
        SELECT 3, 10, 'LOCAL_SUPPLY_SHARE', p_year - 1, last.local_supply_share, s.min_local_supply_share,
               CASE WHEN s.min_local_supply_share IS NULL THEN 'REPORTED' ELSE 'AT_LEAST' END,
               CASE WHEN s.min_local_supply_share IS NULL THEN 'NONE' ELSE 'STANDARD' END FROM s, last
        UNION ALL
        -- 4: SME R&D spending above the year before in each of the last rd_growth_years years; patents too.
        SELECT 4, 10 + w.y - (p_year - s.rd_growth_years), 'SME_RD_EXPENDITURE', w.y, cur.sme_rd_expenditure,
               prev.sme_rd_expenditure, 'MORE_THAN', 'PREVIOUS_YEAR'
        FROM s CROSS JOIN generate_series(p_year - s.rd_growth_years, p_year - 1) AS w(y)
        LEFT JOIN i cur ON cur.year = w.y LEFT JOIN i prev ON prev.year = w.y - 1
        UNION ALL
        SELECT 4, 30 + w.y - (p_year - s.rd_growth_years), 'SME_INVENTION_PATENTS', w.y, cur.sme_invention_patents,
               prev.sme_invention_patents, 'MORE_THAN', 'PREVIOUS_YEAR'
        FROM s CROSS JOIN generate_series(p_year - s.rd_growth_years, p_year - 1) AS w(y)
        LEFT JOIN i cur ON cur.year = w.y LEFT JOIN i prev ON prev.year = w.y - 1
        WHERE s.require_patent_growth
        UNION ALL
        -- 5: cloud and industrial-software adoption: at least the standard's rate, or (no rate set) no
        -- lower than in the window's first year.
        SELECT 5, 10, 'CLOUD_ADOPTION_RATE', p_year - 1, last.cloud_adoption_rate,
               coalesce(s.min_cloud_adoption_rate, f.cloud_adoption_rate), 'AT_LEAST',
               CASE WHEN s.min_cloud_adoption_rate IS NULL THEN 'FIRST_YEAR' ELSE 'STANDARD' END
        FROM s CROSS JOIN last LEFT JOIN i f ON f.year = p_year - s.output_years
        UNION ALL
        SELECT 5, 20, 'INDUSTRIAL_SOFTWARE_RATE', p_year - 1, last.industrial_software_rate,
               coalesce(s.min_industrial_software_rate, f.industrial_software_rate), 'AT_LEAST',
               CASE WHEN s.min_industrial_software_rate IS NULL THEN 'FIRST_YEAR' ELSE 'STANDARD' END
        FROM s CROSS JOIN last LEFT JOIN i f ON f.year = p_year - s.output_years
        UNION ALL
        -- 6: CO2 intensity below the year before in each year of the window after its first; energy and
        -- water intensity below the sector benchmark for energy- or water-intensive clusters.
        SELECT 6, 10 + w.y - (p_year - s.output_years), 'CO2_INTENSITY', w.y, cur.co2_intensity, prev.co2_intensity,
               'LESS_THAN', 'PREVIOUS_YEAR'
        FROM s CROSS JOIN generate_series(p_year - s.output_years + 1, p_year - 1) AS w(y)
        LEFT JOIN i cur ON cur.year = w.y LEFT JOIN i prev ON prev.year = w.y - 1
        WHERE s.require_co2_intensity_decline
        UNION ALL
        SELECT 6, 30, 'ENERGY_INTENSITY', p_year - 1, last.energy_intensity, last.energy_intensity_benchmark,
               'LESS_THAN', 'SECTOR_BENCHMARK' FROM s, c, last WHERE s.require_efficiency_benchmarks AND c.energy_intensive
        UNION ALL
        SELECT 6, 40, 'WATER_INTENSITY', p_year - 1, last.water_intensity, last.water_intensity_benchmark,
               'LESS_THAN', 'SECTOR_BENCHMARK' FROM s, c, last WHERE s.require_efficiency_benchmarks AND c.water_intensive
        UNION ALL
        -- 7: enough international activities and overseas branches; with no number set, either those or
        -- exports suffice.
        SELECT 7, 10, 'INTERNATIONAL_ACTIVITIES', p_year - 1, last.international_activities + last.overseas_branches,
               coalesce(s.min_international_activities, 1), 'AT_LEAST', 'STANDARD' FROM s, last
        UNION ALL
        SELECT 7, 20, 'EXPORT_VALUE', p_year - 1, last.export_value, 0, 'MORE_THAN', 'STANDARD'
        FROM s, last WHERE s.min_international_activities IS NULL
        UNION ALL
        -- 8: an operating body; enough public service platforms when the standard sets a number.
        SELECT 8, 10, 'OPERATING_BODY', NULL, CASE WHEN length(btrim(coalesce(c.operating_body, ''))) > 0 THEN 1 ELSE 0 END,
               1, 'AT_LEAST', 'STANDARD' FROM s, c WHERE s.require_operating_body
        UNION ALL
        SELECT 8, 20, 'SERVICE_PLATFORMS', p_year - 1, last.service_platforms, s.min_service_platforms, 'AT_LEAST', 'STANDARD'
        FROM s, last WHERE s.min_service_platforms IS NOT NULL
    ),
    judged AS (
        SELECT r.*, m.name, m.name_en, m.unit,
               CASE r.comparison WHEN 'AT_LEAST' THEN r.value >= r.threshold WHEN 'MORE_THAN' THEN r.value > r.threshold
                                 WHEN 'LESS_THAN' THEN r.value < r.threshold
                                 ELSE CASE WHEN r.value IS NOT NULL THEN true END END AS met
        FROM raw r JOIN eligibility_measure m ON m.code = r.measure
    )
    SELECT p_cluster_id, p_standard, p_year, p_day, j.item::smallint, j.sort_key, j.measure, j.year, j.value, j.threshold,
           j.comparison, j.basis, j.met,
           coalesce(j.year || '年', '') || j.name || ' ' || eligibility_figure_text(j.value, j.unit, false)
               || CASE WHEN j.comparison = 'REPORTED' THEN '（本标准未设数值，须填报）'
                       WHEN j.unit = 'FLAG' THEN '，须有'
                       WHEN j.basis = 'STANDARD' THEN '，标准 ' || CASE j.comparison WHEN 'AT_LEAST' THEN '≥ ' ELSE '> ' END
                       WHEN j.basis = 'PREVIOUS_YEAR' THEN CASE j.comparison WHEN 'LESS_THAN' THEN '，须低于上年 ' ELSE '，须高于上年 ' END
                       WHEN j.basis = 'FIRST_YEAR' THEN '，须不低于' || (p_year - (SELECT output_years FROM s)) || '年的 '
                       ELSE '，须低于行业基准值 ' END
               || CASE WHEN j.comparison = 'REPORTED' OR j.unit = 'FLAG' THEN '' ELSE eligibility_figure_text(j.threshold, j.unit, false) END
               || '：' || CASE WHEN j.met THEN '满足' WHEN NOT j.met THEN '不满足' ELSE '数据不足' END,
           coalesce(j.year || ' ', '') || j.name_en || ' '
               || eligibility_figure_text(j.value, j.unit, true)
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
COMMENT ON FUNCTION cluster_eligibility_figures(bigint, text, integer, date) IS 'The figures behind each Art. 11 condition for a cluster, a standard and a call year: value, threshold, comparison, whether met (NULL: not enough data) and a Chinese and English sentence.';

CREATE FUNCTION cluster_eligibility_conditions(p_cluster_id bigint, p_standard text, p_year integer, p_day date)
RETURNS TABLE (cluster_id bigint, standard_code text, evaluation_year integer, evaluated_on date, item smallint,
               condition_code text, outcome text, explanation text, explanation_en text)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH f AS (SELECT * FROM cluster_eligibility_figures(p_cluster_id, p_standard, p_year, p_day)),
    per AS (
        SELECT rc.item, rc.code, rc.name, rc.name_en,
               CASE WHEN rc.any_of THEN
                        CASE WHEN count(f.item) = 0 OR bool_or(f.met) THEN 'MET'
                             WHEN count(f.item) FILTER (WHERE f.met IS NULL) > 0 THEN 'INSUFFICIENT_DATA'
                             ELSE 'NOT_MET' END
                    ELSE
                        CASE WHEN count(f.item) FILTER (WHERE NOT f.met) > 0 THEN 'NOT_MET'
                             WHEN count(f.item) FILTER (WHERE f.met IS NULL) > 0 THEN 'INSUFFICIENT_DATA'
                             ELSE 'MET' END
               END AS outcome,
               string_agg(f.explanation, '；' ORDER BY f.sort_key) AS zh,
               string_agg(f.explanation_en, '; ' ORDER BY f.sort_key) AS en,
               rc.any_of
        FROM recognition_condition rc LEFT JOIN f ON f.item = rc.item
        GROUP BY rc.item, rc.code, rc.name, rc.name_en, rc.any_of
    )
    SELECT p_cluster_id, p_standard, p_year, p_day, per.item, per.code, per.outcome,
           '条件' || per.item || '（' || per.name || '）：'
               || CASE per.outcome WHEN 'MET' THEN '满足' WHEN 'NOT_MET' THEN '不满足' ELSE '数据不足' END
               || coalesce('。' || CASE WHEN per.any_of THEN '满足其一即可：' ELSE '' END || per.zh, '。本标准对此无要求') || '。',
           'Condition ' || per.item || ' (' || per.name_en || '): '
               || CASE per.outcome WHEN 'MET' THEN 'met' WHEN 'NOT_MET' THEN 'not met' ELSE 'not enough data' END
               || coalesce('. ' || CASE WHEN per.any_of THEN 'Any one suffices: ' ELSE '' END || per.en,
                           '. The standard requires nothing here') || '.'
    FROM per ORDER BY per.item
$$;
COMMENT ON FUNCTION cluster_eligibility_conditions(bigint, text, integer, date) IS 'Each Art. 11 condition for a cluster: MET, NOT_MET or INSUFFICIENT_DATA from its figures (all must hold, or any one for conditions of alternatives), with explanations.';

CREATE FUNCTION cluster_disqualifying_incidents(p_cluster_id bigint, p_day date, p_years integer)
RETURNS SETOF incident
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT i.* FROM incident i
    JOIN enterprise e ON e.id = i.enterprise_id
    JOIN incident_kind k ON k.code = i.kind_code
    LEFT JOIN incident_grade g ON g.code = i.grade_code
    LEFT JOIN incident_grade threshold ON threshold.code = k.disqualifying_grade_code
    WHERE e.cluster_id = p_cluster_id
      AND i.occurred_on <= p_day AND i.occurred_on >= (p_day - make_interval(years => p_years))::date
      AND (threshold.code IS NULL OR g.rank >= threshold.rank)
    ORDER BY i.occurred_on, i.id
$$;
COMMENT ON FUNCTION cluster_disqualifying_incidents(bigint, date, integer) IS 'Incidents of the cluster''s enterprises that bar recognition (Art. 11, last paragraph): in the p_years years up to the day, both ends included (an incident exactly three years before still counts), at or above the kind''s disqualifying grade, or of an ungraded kind.';

CREATE FUNCTION cluster_eligibility(p_cluster_id bigint, p_standard text, p_year integer, p_day date)
RETURNS TABLE (cluster_id bigint, standard_code text, evaluation_year integer, evaluated_on date, lookback_years integer,
               outcome text, eligible boolean, conditions_met integer, incident_count integer,
               explanation text, explanation_en text)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH params AS (
        SELECT coalesce(p_year, extract(year FROM p_day)::int) AS year FROM (SELECT 1) one
    ),
    e AS (
        SELECT eligibility_standard(p_standard, params.year) AS standard_code, params.year,
               least(p_day, make_date(params.year, 12, 31)) AS day FROM params
    ),
    c AS (SELECT cc.* FROM e, cluster_eligibility_conditions(p_cluster_id, e.standard_code, e.year, e.day) cc),
    agg AS (
        SELECT count(*) FILTER (WHERE outcome = 'MET')::int AS met,
               count(*) FILTER (WHERE outcome = 'NOT_MET')::int AS failed,
               count(*) FILTER (WHERE outcome = 'INSUFFICIENT_DATA')::int AS unknown,
               string_agg(item::text, '、' ORDER BY item) FILTER (WHERE outcome <> 'MET') AS open_items
        FROM c
    ),
    inc AS (
        SELECT count(*)::int AS n FROM e, recognition_standard s, cluster_disqualifying_incidents(p_cluster_id, e.day, s.incident_lookback_years)
        WHERE s.code = e.standard_code
    )
    SELECT p_cluster_id, e.standard_code, e.year, e.day, s.incident_lookback_years,
           CASE WHEN agg.failed > 0 OR inc.n > 0 THEN 'NOT_MET' WHEN agg.unknown > 0 THEN 'INSUFFICIENT_DATA' ELSE 'MET' END,
           agg.failed = 0 AND agg.unknown = 0 AND inc.n = 0, agg.met, inc.n,
           e.year || '年按' || s.name || '：' || agg.met || '/8项条件满足'
               || coalesce('（未满足或数据不足：条件' || agg.open_items || '）', '')
               || CASE WHEN inc.n > 0 THEN '；近' || s.incident_lookback_years || '年有' || inc.n || '起否决性事故或违法失信记录' ELSE '' END
               || '：' || CASE WHEN agg.failed > 0 OR inc.n > 0 THEN '不符合认定条件' WHEN agg.unknown > 0 THEN '数据不足，无法判定'
                               ELSE '符合认定条件' END || '。',
           'Against ' || e.standard_code || ' for ' || e.year || ': ' || agg.met || ' of 8 conditions met'
               || coalesce(' (not met or not enough data: ' || replace(agg.open_items, '、', ', ') || ')', '')
               || CASE WHEN inc.n > 0 THEN '; ' || inc.n || ' disqualifying incident(s) in the last ' || s.incident_lookback_years || ' years' ELSE '' END
               || ': ' || CASE WHEN agg.failed > 0 OR inc.n > 0 THEN 'not eligible' WHEN agg.unknown > 0 THEN 'not enough data to decide'
                               ELSE 'eligible' END || '.'
    FROM e JOIN recognition_standard s ON s.code = e.standard_code CROSS JOIN agg CROSS JOIN inc
$$;
COMMENT ON FUNCTION cluster_eligibility(bigint, text, integer, date) IS 'Eligibility of a cluster for recognition (Art. 11) under a standard (default: the one in force for the year) in a call year (default: the day''s year), judged on the day (at the latest 31 December of that year): all eight conditions met and no disqualifying incident.';

-- ---- Revocation risks (Art. 19) -------------------------------------------------------------------------

CREATE FUNCTION cluster_revocation_risks(p_cluster_id bigint, p_day date)
RETURNS TABLE (cluster_id bigint, recognition_id bigint, ground_code text, item smallint, since date,
               evidence text, evidence_en text, standard_code text, report_year integer, incident_id bigint,
               change_filing_id bigint, monitoring_check_id bigint, finding_id bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH live AS (
        -- The recognition in force on the day, and the day its application or re-review was submitted.
        SELECT r.id, r.recognized_on, coalesce(a.submitted_on, w.requested_on, r.recognized_on) AS basis_on
        FROM recognition r
        LEFT JOIN application a ON a.id = r.application_id
        LEFT JOIN review w ON w.id = r.review_id
        WHERE r.cluster_id = p_cluster_id AND r.recognized_on <= p_day AND p_day < r.valid_until
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
        -- (3) An annual report missing on the day, or monitoring refused during the recognition.
        SELECT 'REPORTING_FAILURE', ar.due_on + 1,
               ar.year || '年度发展情况报告未报送（应于' || ar.due_on || '前报送，已逾期' || ar.days_late || '天）',
               'Annual report for ' || ar.year || ' not submitted (due ' || ar.due_on || ', ' || ar.days_late || ' days overdue)',
               NULL, ar.year, NULL, NULL, NULL, NULL, 3
        FROM live CROSS JOIN cluster_annual_reports(p_cluster_id, p_day) ar WHERE ar.status = 'MISSING'
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
COMMENT ON FUNCTION cluster_revocation_risks(bigint, date) IS 'The Art. 19 grounds triggered on a day for the recognition then in force (none when no recognition is): (1) conditions not met under the standard in force, (2) a finding of false application or illegal conduct, (3) a missing annual report or refused monitoring, (4) a major change filed late or not at all, (5) a disqualifying incident during the recognition; one row per piece of evidence.';
