-- 0001: data-set notes and the closed vocabularies of the 2023 Guizhou measures.
-- Vocabularies are lookup tables (not PostgreSQL enums) so each code carries its official Chinese
-- term, an English label and the article it comes from, and the GraphQL enums can be checked against them.
-- Codes are SCREAMING_SNAKE_CASE: they are the GraphQL enum values.

CREATE TABLE data_set (
    code        text PRIMARY KEY CHECK (code ~ '^[a-z0-9_-]+$'),
    kind        text NOT NULL CHECK (kind IN ('reference', 'sample')),
    title       text NOT NULL,
    description text NOT NULL,
    source      text,
    loaded_at   timestamptz NOT NULL DEFAULT now(),
    parameters  jsonb NOT NULL DEFAULT '{}'::jsonb
);
COMMENT ON TABLE data_set IS 'Data sets loaded into this database (数据集说明), each marked as real reference data or generated sample data.';
COMMENT ON COLUMN data_set.code IS 'Data-set identifier, e.g. divisions, policy-reference, sample.';
COMMENT ON COLUMN data_set.kind IS 'reference = real, sourced facts; sample = generated data that must not be read as official (样例数据).';
COMMENT ON COLUMN data_set.title IS 'Short title of the data set.';
COMMENT ON COLUMN data_set.description IS 'What the data set holds and how far it can be trusted.';
COMMENT ON COLUMN data_set.source IS 'Where the facts come from (URLs, documents), or the generator for sample data.';
COMMENT ON COLUMN data_set.loaded_at IS 'When the data set was loaded.';
COMMENT ON COLUMN data_set.parameters IS 'Generator parameters for sample data (scale, seed).';

INSERT INTO data_set (code, kind, title, description, source) VALUES
('divisions', 'reference', 'Guizhou administrative divisions (贵州省行政区划)',
 'The 9 prefecture-level and 88 county-level divisions of Guizhou: real GB/T 2260 codes and Chinese names (NBS 2023 statistical division codes, cut-off 2023-06-30). English names are pinyin transliterations, not an official list.',
 'modood/Administrative-divisions-of-China (dist/areas.csv, dist/cities.csv); xiangyuecn/AreaCity-JsSpider-StatsGov; project file sql/data/divisions.csv'),
('policy-reference', 'reference', 'Policy reference data (政策参考数据)',
 'Vocabularies, the six industrial bases, the three provincial funds plus bank credit, the MIIT 2022 recognition standard and the 14th Five-Year Plan target of about 30 clusters, as stated in the 2023 Guizhou measures and public sources. Fund sizes are given only where a public figure was found. The relaxed provincial standard GZ-SAMPLE is sample data.',
 '《贵州省促进中小企业特色产业集群发展暂行办法》 (贵州省工业和信息化厅, 2023-04-23); MIIT 《促进中小企业特色产业集群发展暂行办法》 (2022)');

-- Helper used by every lookup table below.
CREATE TABLE cluster_status (
    code    text PRIMARY KEY,
    name    text NOT NULL UNIQUE,
    name_en text NOT NULL,
    rank    smallint NOT NULL UNIQUE
);
COMMENT ON TABLE cluster_status IS 'Lifecycle status of a cluster (集群状态): cultivation pool (Art. 7), application (Art. 12-15), recognition (Art. 15-16), expiry (Art. 16), revocation (Art. 19), rejection.';
COMMENT ON COLUMN cluster_status.code IS 'Status code (GraphQL enum value).';
COMMENT ON COLUMN cluster_status.name IS 'Chinese term.';
COMMENT ON COLUMN cluster_status.name_en IS 'English label.';
COMMENT ON COLUMN cluster_status.rank IS 'Display order along the lifecycle.';
INSERT INTO cluster_status VALUES
('CULTIVATING', '培育库入库培育', 'In the provincial cultivation pool', 1),
('APPLYING',    '申报中',         'Application under review', 2),
('RECOGNIZED',  '已认定',         'Recognised', 3),
('EXPIRED',     '有效期满',       'Recognition expired', 4),
('REVOKED',     '撤销认定',       'Recognition revoked', 5),
('REJECTED',    '未通过认定',     'Application rejected', 6);

CREATE TABLE enterprise_size (
    code    text PRIMARY KEY,
    name    text NOT NULL UNIQUE,
    name_en text NOT NULL,
    is_sme  boolean NOT NULL,
    rank    smallint NOT NULL UNIQUE
);
COMMENT ON TABLE enterprise_size IS 'Enterprise size class (企业规模) under the 2011 SME classification rules (工信部联企业〔2011〕300号).';
COMMENT ON COLUMN enterprise_size.code IS 'Size code (GraphQL enum value).';
COMMENT ON COLUMN enterprise_size.name IS 'Chinese term.';
COMMENT ON COLUMN enterprise_size.name_en IS 'English label.';
COMMENT ON COLUMN enterprise_size.is_sme IS 'Whether the class counts as a small or medium-sized enterprise (中小企业).';
COMMENT ON COLUMN enterprise_size.rank IS 'Display order, largest first.';
INSERT INTO enterprise_size VALUES
('LARGE',  '大型企业', 'Large enterprise',  false, 1),
('MEDIUM', '中型企业', 'Medium enterprise', true,  2),
('SMALL',  '小型企业', 'Small enterprise',  true,  3),
('MICRO',  '微型企业', 'Micro enterprise',  true,  4);

CREATE TABLE qualification_kind (
    code           text PRIMARY KEY,
    name           text NOT NULL UNIQUE,
    name_en        text NOT NULL,
    validity_years smallint CHECK (validity_years > 0),
    rank           smallint NOT NULL UNIQUE
);
COMMENT ON TABLE qualification_kind IS 'The eight tiers of quality enterprises named in Art. 11(2) (优质中小企业梯度培育).';
COMMENT ON COLUMN qualification_kind.code IS 'Tier code (GraphQL enum QualificationKind).';
COMMENT ON COLUMN qualification_kind.name IS 'Chinese term as in Art. 11(2).';
COMMENT ON COLUMN qualification_kind.name_en IS 'English label.';
COMMENT ON COLUMN qualification_kind.validity_years IS 'Usual validity of the title in years (NULL: no fixed term); a qualification row may record its own expiry.';
COMMENT ON COLUMN qualification_kind.rank IS 'Order of Art. 11(2).';
INSERT INTO qualification_kind VALUES
('INNOVATIVE_SME',       '创新型中小企业',       'Innovative SME', 3, 1),
('SPECIALIZED_SME',      '“专精特新”中小企业',   'Specialised and innovative (zhuanjingtexin) SME', 3, 2),
('LITTLE_GIANT',         '专精特新“小巨人”企业', 'Specialised and innovative "little giant"', 3, 3),
('SINGLE_ITEM_CHAMPION', '制造业单项冠军',       'Manufacturing single-item champion', 3, 4),
('TECH_SME',             '科技型中小企业',       'Technology-based SME', 1, 5),
('HIGH_TECH_ENTERPRISE', '国家级高新技术企业',   'National high-tech enterprise', 3, 6),
('AGRICULTURAL_LEADING', '农业产业化龙头企业',   'Leading enterprise in agricultural industrialisation', 2, 7),
('TIME_HONORED_BRAND',   '中华老字号',           'China time-honoured brand', NULL, 8);

CREATE TABLE qualification_level (
    code    text PRIMARY KEY,
    name    text NOT NULL UNIQUE,
    name_en text NOT NULL,
    rank    smallint NOT NULL UNIQUE
);
COMMENT ON TABLE qualification_level IS 'Level of the body that granted a qualification (认定层级).';
COMMENT ON COLUMN qualification_level.code IS 'Level code (GraphQL enum value).';
COMMENT ON COLUMN qualification_level.name IS 'Chinese term.';
COMMENT ON COLUMN qualification_level.name_en IS 'English label.';
COMMENT ON COLUMN qualification_level.rank IS 'Order, highest level first.';
INSERT INTO qualification_level VALUES
('NATIONAL',   '国家级', 'National',   1),
('PROVINCIAL', '省级',   'Provincial', 2),
('PREFECTURE', '市州级', 'Prefecture', 3);

CREATE TABLE qualification_tier (
    kind_code  text NOT NULL REFERENCES qualification_kind,
    level_code text NOT NULL REFERENCES qualification_level,
    PRIMARY KEY (kind_code, level_code)
);
COMMENT ON TABLE qualification_tier IS 'Which levels grant which tier (e.g. little giants are national only; 专精特新 SMEs are provincial).';
COMMENT ON COLUMN qualification_tier.kind_code IS 'Qualification tier.';
COMMENT ON COLUMN qualification_tier.level_code IS 'A level that grants it.';
CREATE INDEX qualification_tier_level_idx ON qualification_tier (level_code);
INSERT INTO qualification_tier VALUES
('INNOVATIVE_SME', 'PROVINCIAL'),
('SPECIALIZED_SME', 'PROVINCIAL'),
('LITTLE_GIANT', 'NATIONAL'),
('SINGLE_ITEM_CHAMPION', 'NATIONAL'),
('SINGLE_ITEM_CHAMPION', 'PROVINCIAL'),
('TECH_SME', 'NATIONAL'),
('HIGH_TECH_ENTERPRISE', 'NATIONAL'),
('AGRICULTURAL_LEADING', 'NATIONAL'),
('AGRICULTURAL_LEADING', 'PROVINCIAL'),
('AGRICULTURAL_LEADING', 'PREFECTURE'),
('TIME_HONORED_BRAND', 'NATIONAL'),
('TIME_HONORED_BRAND', 'PROVINCIAL');

CREATE TABLE incident_grade (
    code    text PRIMARY KEY,
    name    text NOT NULL UNIQUE,
    name_en text NOT NULL,
    rank    smallint NOT NULL UNIQUE
);
COMMENT ON TABLE incident_grade IS 'Grade of an accident or security incident (事故/事件等级), from 一般 (1) to 特别重大 (4).';
COMMENT ON COLUMN incident_grade.code IS 'Grade code (GraphQL enum IncidentGrade).';
COMMENT ON COLUMN incident_grade.name IS 'Chinese term.';
COMMENT ON COLUMN incident_grade.name_en IS 'English label.';
COMMENT ON COLUMN incident_grade.rank IS 'Severity, 1 = least severe; "at or above a grade" compares ranks.';
INSERT INTO incident_grade VALUES
('GENERAL',         '一般',     'General',         1),
('LARGER',          '较大',     'Larger',          2),
('MAJOR',           '重大',     'Major',           3),
('EXTRAORDINARY',   '特别重大', 'Extraordinarily serious', 4);

CREATE TABLE incident_kind (
    code                     text PRIMARY KEY,
    name                     text NOT NULL UNIQUE,
    name_en                  text NOT NULL,
    is_graded                boolean NOT NULL,
    disqualifying_grade_code text REFERENCES incident_grade,
    rank                     smallint NOT NULL UNIQUE,
    CHECK (is_graded OR disqualifying_grade_code IS NULL)
);
COMMENT ON TABLE incident_kind IS 'Kinds of incident that bar recognition (Art. 11, last paragraph) and ground revocation (Art. 19(5)), with the grade from which each disqualifies.';
COMMENT ON COLUMN incident_kind.code IS 'Kind code (GraphQL enum IncidentKind).';
COMMENT ON COLUMN incident_kind.name IS 'Chinese term as in Art. 11.';
COMMENT ON COLUMN incident_kind.name_en IS 'English label.';
COMMENT ON COLUMN incident_kind.is_graded IS 'Whether incidents of this kind carry a grade (accidents and security incidents do; tax evasion or dishonesty do not).';
COMMENT ON COLUMN incident_kind.disqualifying_grade_code IS 'Lowest grade that disqualifies (较大 for accidents, 重大 for network/data security); NULL for ungraded kinds, where any occurrence disqualifies.';
COMMENT ON COLUMN incident_kind.rank IS 'Order of Art. 11.';
CREATE INDEX incident_kind_disqualifying_grade_code_idx ON incident_kind (disqualifying_grade_code);
INSERT INTO incident_kind VALUES
('SAFETY_ACCIDENT',        '安全事故',       'Safety accident',              true,  'LARGER', 1),
('QUALITY_ACCIDENT',       '质量事故',       'Quality accident',             true,  'LARGER', 2),
('ENVIRONMENTAL_ACCIDENT', '环境污染事故',   'Environmental pollution accident', true, 'LARGER', 3),
('NETWORK_SECURITY',       '网络安全事件',   'Network security incident',    true,  'MAJOR',  4),
('DATA_SECURITY',          '数据安全事件',   'Data security incident',       true,  'MAJOR',  5),
('TAX_EVASION',            '偷税漏税',       'Tax evasion',                  false, NULL,     6),
('ILLEGAL_CONDUCT',        '违法违规',       'Illegal or non-compliant conduct', false, NULL, 7),
('SERIOUS_DISHONESTY',     '严重失信',       'Serious dishonesty (credit blacklist)', false, NULL, 8),
('OTHER_MAJOR_ISSUE',      '其它重大问题',   'Other major issue',            false, NULL,     9);

CREATE TABLE support_kind (
    code       text PRIMARY KEY,
    name       text NOT NULL UNIQUE,
    name_en    text NOT NULL,
    is_monetary boolean NOT NULL,
    rank       smallint NOT NULL UNIQUE
);
COMMENT ON TABLE support_kind IS 'Kind of support given to a cluster (支持方式): fiscal grant, equity investment, loan or credit line (Art. 7), or a non-monetary service (Art. 8).';
COMMENT ON COLUMN support_kind.code IS 'Kind code (GraphQL enum SupportKind).';
COMMENT ON COLUMN support_kind.name IS 'Chinese term.';
COMMENT ON COLUMN support_kind.name_en IS 'English label.';
COMMENT ON COLUMN support_kind.is_monetary IS 'Whether a measure of this kind must state an amount in yuan.';
COMMENT ON COLUMN support_kind.rank IS 'Display order.';
INSERT INTO support_kind VALUES
('GRANT',   '财政资金补助', 'Fiscal grant',            true,  1),
('EQUITY',  '基金股权投资', 'Equity investment by a fund', true, 2),
('LOAN',    '信贷支持',     'Loan or credit line',     true,  3),
('SERVICE', '公共服务',     'Non-monetary service (consulting, training, financing match-making, recruitment)', false, 4);

CREATE TABLE support_direction (
    code    text PRIMARY KEY,
    article text NOT NULL,
    name    text NOT NULL UNIQUE,
    name_en text NOT NULL,
    rank    smallint NOT NULL UNIQUE
);
COMMENT ON TABLE support_direction IS 'The six cultivation directions of Art. 6 (培育方向); every support measure serves one.';
COMMENT ON COLUMN support_direction.code IS 'Direction code (GraphQL enum SupportDirection).';
COMMENT ON COLUMN support_direction.article IS 'Item of Art. 6.';
COMMENT ON COLUMN support_direction.name IS 'Chinese heading of the item.';
COMMENT ON COLUMN support_direction.name_en IS 'English label.';
COMMENT ON COLUMN support_direction.rank IS 'Order of Art. 6.';
INSERT INTO support_direction VALUES
('LEADING_INDUSTRY', 'Art. 6(1)', '提升集群主导产业优势', 'Strengthen the leading industry', 1),
('INNOVATION',       'Art. 6(2)', '激发集群创新活力',     'Innovation', 2),
('DIGITAL',          'Art. 6(3)', '推进集群数字化升级',   'Digital upgrade', 3),
('GREEN',            'Art. 6(4)', '加快集群绿色低碳转型', 'Green and low-carbon transition', 4),
('OPENING_UP',       'Art. 6(5)', '深化集群开放合作',     'Opening-up and cooperation', 5),
('GOVERNANCE',       'Art. 6(6)', '提升集群治理和服务能力', 'Governance and services', 6);

CREATE TABLE granting_level (
    code    text PRIMARY KEY,
    name    text NOT NULL UNIQUE,
    name_en text NOT NULL,
    rank    smallint NOT NULL UNIQUE
);
COMMENT ON TABLE granting_level IS 'Government level or sector giving a support measure (Art. 7 provincial funds; Art. 9 local departments; banks; service bodies of Art. 8).';
COMMENT ON COLUMN granting_level.code IS 'Level code (GraphQL enum).';
COMMENT ON COLUMN granting_level.name IS 'Chinese term.';
COMMENT ON COLUMN granting_level.name_en IS 'English label.';
COMMENT ON COLUMN granting_level.rank IS 'Display order.';
INSERT INTO granting_level VALUES
('PROVINCIAL', '省级',     'Provincial', 1),
('PREFECTURE', '市州级',   'Prefecture', 2),
('COUNTY',     '县级',     'County',     3),
('FINANCIAL_INSTITUTION', '金融机构', 'Bank or financial institution', 4),
('SERVICE_BODY', '服务机构', 'Public service platform, base or association', 5);

CREATE TABLE change_kind (
    code    text PRIMARY KEY,
    name    text NOT NULL UNIQUE,
    name_en text NOT NULL,
    rank    smallint NOT NULL UNIQUE
);
COMMENT ON TABLE change_kind IS 'Major changes that must be filed within one month (Art. 17, 重大变动).';
COMMENT ON COLUMN change_kind.code IS 'Change code (GraphQL enum ChangeKind).';
COMMENT ON COLUMN change_kind.name IS 'Chinese term as in Art. 17.';
COMMENT ON COLUMN change_kind.name_en IS 'English label.';
COMMENT ON COLUMN change_kind.rank IS 'Order of Art. 17.';
INSERT INTO change_kind VALUES
('LEADING_INDUSTRY', '主导产业变更',     'Change of leading industry', 1),
('SPATIAL_SCOPE',    '空间范围变更',     'Change of spatial scope (counties)', 2),
('OPERATING_BODY',   '运营管理机构变更', 'Change of operating body', 3);

CREATE TABLE revocation_ground (
    code    text PRIMARY KEY,
    item    smallint NOT NULL UNIQUE CHECK (item BETWEEN 1 AND 5),
    name    text NOT NULL UNIQUE,
    name_en text NOT NULL
);
COMMENT ON TABLE revocation_ground IS 'The five grounds for revoking a recognition within its validity (Art. 19(1)-(5), 撤销认定情形).';
COMMENT ON COLUMN revocation_ground.code IS 'Ground code (GraphQL enum RevocationGround).';
COMMENT ON COLUMN revocation_ground.item IS 'Item number 1-5 of Art. 19.';
COMMENT ON COLUMN revocation_ground.name IS 'Chinese wording of the item (abridged).';
COMMENT ON COLUMN revocation_ground.name_en IS 'English label.';
INSERT INTO revocation_ground VALUES
('NO_LONGER_ELIGIBLE',     1, '不再符合认定标准',                   'No longer meets the recognition standard'),
('FALSE_APPLICATION',      2, '虚假申报或存在违法违规行为',         'False application or illegal conduct'),
('REPORTING_FAILURE',      3, '未按要求报送年度发展情况或不配合监测', 'Annual report not filed, or monitoring refused'),
('UNFILED_MAJOR_CHANGE',   4, '重大变动未及时报备',                 'Major change not filed in time'),
('DISQUALIFYING_INCIDENT', 5, '集群企业发生重大事故或违法失信行为', 'Disqualifying incident in a cluster enterprise');

CREATE TABLE application_outcome (
    code    text PRIMARY KEY,
    name    text NOT NULL UNIQUE,
    name_en text NOT NULL,
    rank    smallint NOT NULL UNIQUE
);
COMMENT ON TABLE application_outcome IS 'Outcome of an application (申报结果) or of a re-review (复核结果).';
COMMENT ON COLUMN application_outcome.code IS 'Outcome code (GraphQL enum).';
COMMENT ON COLUMN application_outcome.name IS 'Chinese term.';
COMMENT ON COLUMN application_outcome.name_en IS 'English label.';
COMMENT ON COLUMN application_outcome.rank IS 'Display order.';
INSERT INTO application_outcome VALUES
('PENDING',    '审核中', 'Pending',    1),
('APPROVED',   '通过',   'Approved',   2),
('REJECTED',   '未通过', 'Rejected',   3),
('WITHDRAWN',  '撤回',   'Withdrawn',  4);
