-- 0003: reference data of the programme itself: the six industrial bases (Art. 3), the provincial funds
-- and bank credit (Art. 7), versioned recognition standards (Art. 11-12) and the plan target (Art. 5).

CREATE TABLE industrial_base (
    code        text PRIMARY KEY,
    name        text NOT NULL UNIQUE,
    name_en     text NOT NULL UNIQUE,
    description text,
    rank        smallint NOT NULL UNIQUE
);
COMMENT ON TABLE industrial_base IS 'Guizhou''s "six industrial bases" (六大工业基地) around which clusters are cultivated (Art. 3), as named in official sources from 2023.';
COMMENT ON COLUMN industrial_base.code IS 'Base code.';
COMMENT ON COLUMN industrial_base.name IS 'Chinese name (名称).';
COMMENT ON COLUMN industrial_base.name_en IS 'English name.';
COMMENT ON COLUMN industrial_base.description IS 'Notes, e.g. alternative wording in later sources.';
COMMENT ON COLUMN industrial_base.rank IS 'Display order.';
INSERT INTO industrial_base VALUES
('COMPREHENSIVE_ENERGY', '新型综合能源基地', 'New comprehensive energy base', NULL, 1),
('RESOURCE_PROCESSING',  '资源精深加工基地', 'Resource deep-processing base', NULL, 2),
('BATTERY_MATERIALS',    '新能源动力电池及材料研发生产基地', 'New-energy power battery and materials base', NULL, 3),
('COMPUTING_POWER',      '全国算力保障基地', 'National computing-power support base', NULL, 4),
('BAIJIU',               '世界级酱香型白酒产业基地', 'Baijiu production base', NULL, 5),
('INDUSTRIAL_BACKUP',    '产业备份基地', 'Industrial backup base', 'In 2024 sources also given as an advanced equipment manufacturing base (先进装备制造业基地).', 6);

CREATE TABLE fund_kind (
    code    text PRIMARY KEY,
    name    text NOT NULL UNIQUE,
    name_en text NOT NULL,
    rank    smallint NOT NULL UNIQUE
);
COMMENT ON TABLE fund_kind IS 'Kind of funding source named in Art. 7.';
COMMENT ON COLUMN fund_kind.code IS 'Kind code (GraphQL enum FundKind).';
COMMENT ON COLUMN fund_kind.name IS 'Chinese term.';
COMMENT ON COLUMN fund_kind.name_en IS 'English label.';
COMMENT ON COLUMN fund_kind.rank IS 'Display order.';
INSERT INTO fund_kind VALUES
('FISCAL_SPECIAL_FUND', '财政专项资金', 'Fiscal special fund', 1),
('GUIDANCE_FUND',       '政府投资基金', 'Government investment (guidance) fund', 2),
('BANK_CREDIT',         '银行信贷',     'Bank credit', 3);

CREATE TABLE fund (
    code             text PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9_]*$'),
    name             text NOT NULL UNIQUE,
    name_en          text NOT NULL UNIQUE,
    kind_code        text NOT NULL REFERENCES fund_kind,
    managing_body    text,
    established_year smallint CHECK (established_year BETWEEN 1990 AND 2100),
    size_yuan        numeric(20, 2) CHECK (size_yuan > 0),
    size_note        text NOT NULL,
    article          text NOT NULL,
    source           text
);
COMMENT ON TABLE fund IS 'Funding sources of Art. 7 (资金来源): the provincial SME development special fund, the new industrialisation fund, the new-momentum industry fund, and bank credit.';
COMMENT ON COLUMN fund.code IS 'Fund code, used by fund(code:).';
COMMENT ON COLUMN fund.name IS 'Chinese name as in the measures (名称).';
COMMENT ON COLUMN fund.name_en IS 'English name.';
COMMENT ON COLUMN fund.kind_code IS 'Kind of source.';
COMMENT ON COLUMN fund.managing_body IS 'Body that manages the fund (管理机构), where known.';
COMMENT ON COLUMN fund.established_year IS 'Year the fund was set up (设立年份), where a public source gives it.';
COMMENT ON COLUMN fund.size_yuan IS 'Announced size in yuan (规模, 元); NULL where no public figure was found.';
COMMENT ON COLUMN fund.size_note IS 'Where the size comes from, or that it is unknown.';
COMMENT ON COLUMN fund.article IS 'Article of the measures that names it.';
COMMENT ON COLUMN fund.source IS 'Public source of the facts given.';
CREATE INDEX fund_kind_code_idx ON fund (kind_code);
INSERT INTO fund VALUES
('SME_DEVELOPMENT_FUND', '省中小企业发展专项资金', 'Provincial SME development special fund', 'FISCAL_SPECIAL_FUND',
 '贵州省工业和信息化厅、贵州省财政厅', NULL, NULL, 'No public figure for the size was found; amounts per measure are sample data.', 'Art. 7', '《贵州省促进中小企业特色产业集群发展暂行办法》第七条'),
('NEW_INDUSTRIALIZATION_FUND', '新型工业化基金', 'Guizhou new industrialisation development fund', 'GUIDANCE_FUND',
 NULL, 2021, 7000000000.00, '贵州省新型工业化发展基金 was set up in 2021 with 7 billion yuan (public reports).', 'Art. 7', '《贵州省促进中小企业特色产业集群发展暂行办法》第七条; public reports on 贵州省新型工业化发展基金 (2021)'),
('NEW_MOMENTUM_FUND', '新动能产业基金', 'New-momentum industry fund', 'GUIDANCE_FUND',
 NULL, NULL, NULL, 'No public figure for the size was found; amounts per measure are sample data.', 'Art. 7', '《贵州省促进中小企业特色产业集群发展暂行办法》第七条'),
('BANK_CREDIT', '银行业金融机构信贷支持', 'Credit from banking institutions', 'BANK_CREDIT',
 NULL, NULL, NULL, 'Not a fund: Art. 7 asks banks to extend credit to cluster SMEs; each loan or credit line is a support measure.', 'Art. 7', '《贵州省促进中小企业特色产业集群发展暂行办法》第七条');

CREATE TABLE recognition_standard (
    code                          text PRIMARY KEY CHECK (code ~ '^[A-Z0-9][A-Z0-9-]*$'),
    name                          text NOT NULL,
    issuer                        text NOT NULL,
    effective_year                smallint NOT NULL CHECK (effective_year BETWEEN 2015 AND 2100),
    is_sample                     boolean NOT NULL,
    source                        text NOT NULL,
    output_years                  smallint NOT NULL CHECK (output_years BETWEEN 1 AND 10),
    min_output_yuan               numeric(20, 2) NOT NULL CHECK (min_output_yuan >= 0),
    min_sme_output_share          numeric(5, 4) NOT NULL CHECK (min_sme_output_share BETWEEN 0 AND 1),
    leading_industry_share_over   numeric(5, 4) NOT NULL CHECK (leading_industry_share_over BETWEEN 0 AND 1),
    output_growth_over            numeric(6, 4) NOT NULL,
    min_champions_or_little_giants smallint NOT NULL CHECK (min_champions_or_little_giants >= 0),
    min_other_quality_smes        smallint NOT NULL CHECK (min_other_quality_smes >= 0),
    rd_growth_years               smallint NOT NULL CHECK (rd_growth_years BETWEEN 1 AND 10),
    require_patent_growth         boolean NOT NULL,
    min_cloud_adoption_rate       numeric(5, 4) CHECK (min_cloud_adoption_rate BETWEEN 0 AND 1),
    min_industrial_software_rate  numeric(5, 4) CHECK (min_industrial_software_rate BETWEEN 0 AND 1),
    require_co2_intensity_decline boolean NOT NULL,
    require_efficiency_benchmarks boolean NOT NULL,
    min_local_supply_share        numeric(5, 4) CHECK (min_local_supply_share BETWEEN 0 AND 1),
    min_international_activities  smallint CHECK (min_international_activities >= 0),
    require_operating_body        boolean NOT NULL,
    min_service_platforms         smallint CHECK (min_service_platforms >= 0),
    incident_lookback_years       smallint NOT NULL CHECK (incident_lookback_years BETWEEN 1 AND 10),
    note                          text
);
COMMENT ON TABLE recognition_standard IS 'Versioned thresholds for the eight recognition conditions of Art. 11 (认定标准). Each year''s call sets Guizhou''s numbers (Art. 12); they are data, so changing a threshold here changes every eligibility answer without code changes.';
COMMENT ON COLUMN recognition_standard.code IS 'Standard code, e.g. MIIT-2022.';
COMMENT ON COLUMN recognition_standard.name IS 'Name of the standard.';
COMMENT ON COLUMN recognition_standard.issuer IS 'Issuing body (发布机关).';
COMMENT ON COLUMN recognition_standard.effective_year IS 'Year of the call it applies to.';
COMMENT ON COLUMN recognition_standard.is_sample IS 'true: illustrative sample thresholds, not published figures.';
COMMENT ON COLUMN recognition_standard.source IS 'Where the figures come from.';
COMMENT ON COLUMN recognition_standard.output_years IS 'Condition 1: number of most recent years in which output must reach min_output_yuan.';
COMMENT ON COLUMN recognition_standard.min_output_yuan IS 'Condition 1: minimum cluster output (集群产值) in each of those years, yuan; compared with >=.';
COMMENT ON COLUMN recognition_standard.min_sme_output_share IS 'Condition 1: minimum SME share of output (中小企业产值占比), 0-1; compared with >=.';
COMMENT ON COLUMN recognition_standard.leading_industry_share_over IS 'Condition 1: leading-industry share of output (主导产业占比) must exceed this, 0-1; compared with >.';
COMMENT ON COLUMN recognition_standard.output_growth_over IS 'Condition 1: average annual output growth over the output years must exceed this (e.g. 0.10 = 10 %); compared with >.';
COMMENT ON COLUMN recognition_standard.min_champions_or_little_giants IS 'Condition 2: single-item champions or little giants in the leading industry needed (either this ...).';
COMMENT ON COLUMN recognition_standard.min_other_quality_smes IS 'Condition 2: ... or this many 专精特新 SMEs, innovative SMEs or national high-tech enterprises in the leading industry.';
COMMENT ON COLUMN recognition_standard.rd_growth_years IS 'Condition 4: SME R&D spending must grow in each of this many consecutive years (近三年研发经费保持增长).';
COMMENT ON COLUMN recognition_standard.require_patent_growth IS 'Condition 4: valid invention patents of SMEs must keep growing.';
COMMENT ON COLUMN recognition_standard.min_cloud_adoption_rate IS 'Condition 5: minimum share of enterprises using cloud platforms (用云上平台), 0-1; NULL: trend only.';
COMMENT ON COLUMN recognition_standard.min_industrial_software_rate IS 'Condition 5: minimum industrial-software adoption rate (工业软件应用率), 0-1; NULL: must not fall.';
COMMENT ON COLUMN recognition_standard.require_co2_intensity_decline IS 'Condition 6: CO2 emission intensity must keep falling (二氧化碳排放强度持续下降).';
COMMENT ON COLUMN recognition_standard.require_efficiency_benchmarks IS 'Condition 6: energy- or water-intensive clusters must beat the sector benchmark (能效/水效水平高于行业基准值).';
COMMENT ON COLUMN recognition_standard.min_local_supply_share IS 'Condition 3: minimum share of inputs supplied within the cluster (本地配套率), 0-1; NULL: not scored.';
COMMENT ON COLUMN recognition_standard.min_international_activities IS 'Condition 7: minimum international cooperation activities or overseas branches per year; NULL: exports or any activity suffice.';
COMMENT ON COLUMN recognition_standard.require_operating_body IS 'Condition 8: the cluster must have an operating body (运营管理机构).';
COMMENT ON COLUMN recognition_standard.min_service_platforms IS 'Condition 8: minimum public service platforms serving the cluster; NULL: not scored.';
COMMENT ON COLUMN recognition_standard.incident_lookback_years IS 'Years looked back for disqualifying incidents (近三年).';
COMMENT ON COLUMN recognition_standard.note IS 'Notes on the standard.';
INSERT INTO recognition_standard VALUES
('MIIT-2022', '工业和信息化部中小企业特色产业集群认定标准（2022）', '工业和信息化部', 2022, false,
 'MIIT 《促进中小企业特色产业集群发展暂行办法》 (2022) and its recognition standard: output >= 4 billion yuan in each of the last 3 years; SME share >= 70 %; leading-industry share > 70 %; average growth > 10 %; >= 1 single-item champion or little giant, or >= 10 专精特新 / innovative SMEs / national high-tech enterprises, in the leading industry.',
 3, 4000000000.00, 0.7000, 0.7000, 0.1000, 1, 10, 3, true, NULL, NULL, true, true, NULL, NULL, true, NULL, 3,
 'Western provinces may relax these figures. Conditions 3, 5, 7 and 8 carry no national numbers: NULL thresholds mean trend or presence only.'),
('GZ-SAMPLE-2023', '贵州省中小企业特色产业集群认定标准（样例）', '贵州省工业和信息化厅（样例数据）', 2023, true,
 'SAMPLE: illustrative relaxed provincial thresholds. Guizhou''s own figures are set in each year''s call and were not found published.',
 3, 1000000000.00, 0.6000, 0.6000, 0.0800, 1, 5, 3, true, 0.3000, 0.2000, true, true, 0.3000, 1, true, 1, 3,
 'Sample data for demonstration: not an official standard.');

CREATE TABLE plan_target (
    code          text PRIMARY KEY,
    name          text NOT NULL UNIQUE,
    name_en       text NOT NULL,
    start_year    smallint NOT NULL,
    end_year      smallint NOT NULL,
    target_count  integer NOT NULL CHECK (target_count > 0),
    approximate   boolean NOT NULL,
    article       text NOT NULL,
    source        text NOT NULL,
    CHECK (end_year >= start_year)
);
COMMENT ON TABLE plan_target IS 'Plan-period targets for the number of recognised clusters (Art. 5: about 30 in the 14th Five-Year Plan).';
COMMENT ON COLUMN plan_target.code IS 'Plan code, e.g. 14th-FYP.';
COMMENT ON COLUMN plan_target.name IS 'Chinese name of the plan period.';
COMMENT ON COLUMN plan_target.name_en IS 'English name.';
COMMENT ON COLUMN plan_target.start_year IS 'First year of the period.';
COMMENT ON COLUMN plan_target.end_year IS 'Last year of the period.';
COMMENT ON COLUMN plan_target.target_count IS 'Number of clusters to recognise province-wide.';
COMMENT ON COLUMN plan_target.approximate IS 'true when the text says "about" (左右).';
COMMENT ON COLUMN plan_target.article IS 'Article that sets the target.';
COMMENT ON COLUMN plan_target.source IS 'Document that sets the target.';
INSERT INTO plan_target VALUES
('14th-FYP', '“十四五”时期', '14th Five-Year Plan period', 2021, 2025, 30, true, 'Art. 5',
 '《贵州省促进中小企业特色产业集群发展暂行办法》第五条: “十四五”期间，在全省范围认定30个左右集群');
