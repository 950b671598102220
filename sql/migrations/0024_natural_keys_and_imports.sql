-- 0024: records identified as the department identifies them, imports recorded, and the rules checked at commit
-- asked for their findings (issue 19).
--
-- An import upserts each row by its natural key (the key columns of its sheet): a cluster by its code, an enterprise
-- by its credit code, a title by enterprise, kind, level and day, … Each key is unique here, so that importing the
-- same file twice changes nothing the second time and a key names one record.

-- ---- 1. Natural keys ----------------------------------------------------------------------------------------

-- A support measure is known by its project or approval number within its cluster: the same title is given to a
-- grant and a loan for one project, or to two tranches of one grant.
ALTER TABLE support_measure ADD COLUMN measure_no text;
UPDATE support_measure SET measure_no = 'S-' || id;
ALTER TABLE support_measure ALTER COLUMN measure_no SET NOT NULL;
ALTER TABLE support_measure ADD CONSTRAINT support_measure_measure_no_not_blank CHECK (btrim(measure_no) <> '');
COMMENT ON COLUMN support_measure.measure_no IS 'Project or approval number (项目编号/批复文号) identifying the measure within its cluster; for sample data S-<id>; M-<id> when a writer gives none.';
-- A writer that gives no number (SQL by hand, tests) gets M-<id>: unique, and plainly not an official number.
CREATE FUNCTION support_measure_default_number() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.measure_no IS NULL THEN
        NEW.measure_no := 'M-' || NEW.id;
    END IF;
    RETURN NEW;
END $$;
COMMENT ON FUNCTION support_measure_default_number() IS 'Trigger: a support measure written without a number gets M-<id>.';
CREATE TRIGGER support_measure_number BEFORE INSERT ON support_measure
    FOR EACH ROW EXECUTE FUNCTION support_measure_default_number();
CREATE UNIQUE INDEX support_measure_natural_key ON support_measure (cluster_id, measure_no);

CREATE UNIQUE INDEX incident_natural_key ON incident (enterprise_id, occurred_on, kind_code);
CREATE UNIQUE INDEX change_filing_natural_key ON change_filing (cluster_id, change_kind_code, changed_on);
CREATE UNIQUE INDEX monitoring_check_natural_key ON monitoring_check (cluster_id, checked_on, checked_by);
CREATE UNIQUE INDEX misconduct_finding_natural_key ON misconduct_finding (cluster_id, found_on, found_by);
CREATE UNIQUE INDEX review_natural_key ON review (cluster_id, requested_on);
-- A revocation is known by its recognition (already unique); with its cluster, as the sheet names it.
CREATE UNIQUE INDEX revocation_natural_key ON revocation (cluster_id, recognition_id);

-- ---- 2. Imports recorded --------------------------------------------------------------------------------------

ALTER TABLE data_set DROP CONSTRAINT data_set_kind_check;
ALTER TABLE data_set ADD CONSTRAINT data_set_kind_check CHECK (kind IN ('reference', 'sample', 'import'));
COMMENT ON COLUMN data_set.kind IS 'reference = real, sourced facts; sample = generated data that must not be read as official (样例数据); import = records loaded from the department''s files by qunji import.';
ALTER TABLE data_set ADD COLUMN loaded_by text;
COMMENT ON COLUMN data_set.loaded_by IS 'Who loaded it (the operating-system user and the database role, for an import).';
ALTER TABLE data_set ADD COLUMN files jsonb NOT NULL DEFAULT '[]'::jsonb;
COMMENT ON COLUMN data_set.files IS 'For an import: each file read, [{"name": …, "sha256": …, "bytes": …}].';
ALTER TABLE data_set ADD COLUMN counts jsonb NOT NULL DEFAULT '{}'::jsonb;
COMMENT ON COLUMN data_set.counts IS 'For an import: per kind of record, the rows inserted, updated, unchanged and deleted.';

-- ---- 3. The rules checked at commit, as findings --------------------------------------------------------------
--
-- The deferred checks of Art. 2 and 13 (0004) and Art. 15-16 (0016) raised the first problem they met. An import
-- reports every problem at once, so each rule is now a function returning its findings for a set of rows (with the
-- rule's name and a message in English and Chinese), and the triggers raise the first finding: one definition of
-- each rule, read by the trigger and by the import.

CREATE FUNCTION cluster_geography_problems(p_cluster_ids bigint[])
RETURNS TABLE (cluster_id bigint, rule text, message text, message_zh text)
LANGUAGE sql STABLE AS $$
    WITH c AS (
        SELECT c.id, c.code, c.name, c.applicant_county_code AS applicant,
               (SELECT count(*) FROM cluster_county x WHERE x.cluster_id = c.id) AS n,
               (SELECT coalesce(sum(x.output_share), 0) FROM cluster_county x WHERE x.cluster_id = c.id) AS total,
               EXISTS (SELECT 1 FROM cluster_county x WHERE x.cluster_id = c.id AND x.county_code = c.applicant_county_code) AS applicant_listed
        FROM cluster c WHERE c.id = ANY (p_cluster_ids)
    )
    SELECT id, 'cluster_county_required',
           format('cluster %s (id %s) has no county: a cluster lies within one or several adjacent counties (Art. 2)', code, id),
           format('集群 %s 未填写所在县：集群位于一个或几个相邻的县（第二条）', code)
    FROM c WHERE n = 0
    UNION ALL
    SELECT id, 'cluster_county_shares_sum_to_100',
           format('county output shares of cluster %s (id %s) sum to %s %%, not 100 %% (Art. 2, 13)', code, id, total),
           format('集群 %s 各县产值占比合计 %s%%，应为 100%%（第二条、第十三条）', code, total)
    FROM c WHERE n > 0 AND total <> 100
    UNION ALL
    SELECT id, 'cluster_applicant_in_counties',
           format('applicant county %s of cluster %s (id %s) is not one of its counties (Art. 13)', applicant, code, id),
           format('集群 %s 的申报县 %s 不在其所在县之中（第十三条）', code, applicant)
    FROM c WHERE n > 0 AND total = 100 AND NOT applicant_listed
    UNION ALL
    -- Several counties: each reached from the applicant county through counties of the cluster sharing a border.
    SELECT c.id, 'cluster_counties_adjacent',
           format('the counties of cluster %s are not adjacent: %s not connected to the applicant county %s %s through counties of the cluster that share a border; a cluster lies within one county or several adjacent counties (Art. 2, 相邻县)',
                  format('%s %s (id %s)', c.code, c.name, c.id), u.unreached, (SELECT name FROM county WHERE code = c.applicant), c.applicant),
           format('集群 %s 的所在县不相邻：%s 与申报县 %s %s 之间没有经集群内相互接壤的县相连；集群位于一个县或几个相邻的县（第二条）',
                  c.code, u.unreached, (SELECT name FROM county WHERE code = c.applicant), c.applicant)
    FROM c CROSS JOIN LATERAL (
        WITH RECURSIVE reached (code) AS (
            SELECT c.applicant
            UNION
            SELECT a.neighbour_code
            FROM reached r
            JOIN county_adjacency a ON a.county_code = r.code
            JOIN cluster_county cc ON cc.cluster_id = c.id AND cc.county_code = a.neighbour_code
        )
        SELECT string_agg(format('%s %s', co.name, co.code), ', ' ORDER BY co.code) AS unreached
        FROM cluster_county cc JOIN county co ON co.code = cc.county_code
        WHERE cc.cluster_id = c.id AND cc.county_code NOT IN (SELECT code FROM reached)
    ) u
    WHERE c.n > 1 AND c.total = 100 AND c.applicant_listed AND u.unreached IS NOT NULL
    ORDER BY 1, 2
$$;
COMMENT ON FUNCTION cluster_geography_problems(bigint[]) IS 'Art. 2 and 13 for the given clusters: one row per cluster breaking them (no county; shares not summing to exactly 100; the applicant county not among its counties; several counties not connected through shared borders, county_adjacency), with the rule and a message in English and Chinese. The deferred trigger raises the first; qunji import reports all.';

CREATE OR REPLACE FUNCTION check_cluster_geography() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    cid  bigint;
    p    record;
BEGIN
    IF TG_TABLE_NAME = 'cluster' THEN
        cid := NEW.id;
    ELSIF TG_OP = 'DELETE' THEN
        cid := OLD.cluster_id;
    ELSE
        cid := NEW.cluster_id;
    END IF;
    SELECT * INTO p FROM cluster_geography_problems(ARRAY[cid]) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION '%', p.message USING ERRCODE = 'check_violation', CONSTRAINT = p.rule;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION recognition_basis_problems(p_recognition_ids bigint[])
RETURNS TABLE (recognition_id bigint, rule text, message text, message_zh text)
LANGUAGE sql STABLE AS $$
    SELECT r.id, p.rule, p.message, p.message_zh
    FROM recognition r
    LEFT JOIN application a ON a.id = r.application_id
    LEFT JOIN review w ON w.id = r.review_id
    CROSS JOIN LATERAL (
        SELECT 'recognition_application_same_cluster' AS rule,
               format('recognition %s (of %s, cluster id %s) rests on application %s of another cluster (%s)', r.id, r.recognized_on, r.cluster_id, a.id, a.cluster_id) AS message,
               format('认定（%s）所据的申报属于另一集群', r.recognized_on) AS message_zh, 1 AS o
        WHERE a.id IS NOT NULL AND a.cluster_id <> r.cluster_id
        UNION ALL
        SELECT 'recognition_application_approved',
               format('recognition %s (of %s) rests on application %s (of round %s) whose outcome is %s, not APPROVED: a cluster is recognised only after the province approves its application (Art. 15)', r.id, r.recognized_on, a.id, a.round_year, a.outcome_code),
               format('认定（%s）所据的 %s 年度申报结果为 %s，未获批准：申报经省级批准后方可认定（第十五条）', r.recognized_on, a.round_year, a.outcome_code), 2
        WHERE a.id IS NOT NULL AND a.cluster_id = r.cluster_id AND a.outcome_code <> 'APPROVED'
        UNION ALL
        SELECT 'recognition_after_notice',
               format('recognition %s is dated %s but application %s (of round %s) was decided on %s after a public notice ending %s: a cluster is recognised once the notice has ended without objection (Art. 15)', r.id, r.recognized_on, a.id, a.round_year, a.decided_on, a.public_notice_to),
               format('认定日期 %s 早于申报决定日期 %s 或公示结束日期 %s：公示无异议后方可认定（第十五条）', r.recognized_on, a.decided_on, a.public_notice_to), 3
        WHERE a.id IS NOT NULL AND a.cluster_id = r.cluster_id AND a.outcome_code = 'APPROVED'
          AND (r.recognized_on < a.decided_on OR r.recognized_on <= a.public_notice_to)
        UNION ALL
        SELECT 'recognition_review_approved',
               format('renewed recognition %s rests on re-review %s whose outcome is %s, not APPROVED (Art. 16)', r.id, w.id, w.outcome_code),
               format('重新认定（%s）所据的复核（%s 申请）结果为 %s，未获批准（第十六条）', r.recognized_on, w.requested_on, w.outcome_code), 4
        WHERE a.id IS NULL AND w.id IS NOT NULL AND w.outcome_code <> 'APPROVED'
        UNION ALL
        SELECT 'recognition_after_review',
               format('renewed recognition %s is dated %s before its re-review %s was decided on %s', r.id, r.recognized_on, w.id, w.decided_on),
               format('重新认定日期 %s 早于复核决定日期 %s（第十六条）', r.recognized_on, w.decided_on), 5
        WHERE a.id IS NULL AND w.id IS NOT NULL AND w.outcome_code = 'APPROVED' AND r.recognized_on < w.decided_on
        ORDER BY o LIMIT 1
    ) p
    WHERE r.id = ANY (p_recognition_ids)
    ORDER BY r.id
$$;
COMMENT ON FUNCTION recognition_basis_problems(bigint[]) IS 'Art. 15-16 for the given recognitions: the first problem of each (an application of another cluster or not approved, a recognition before the decision or the notice''s end; a re-review not approved, or a renewal before its decision), with the rule and a message in English and Chinese. The deferred trigger raises it; qunji import reports all.';

CREATE OR REPLACE FUNCTION check_recognition_basis() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    p  record;
BEGIN
    SELECT * INTO p FROM recognition_basis_problems(ARRAY(
        SELECT rr.id FROM recognition rr
        WHERE (TG_TABLE_NAME = 'recognition' AND rr.id = NEW.id)
           OR (TG_TABLE_NAME = 'application' AND rr.application_id = NEW.id)
           OR (TG_TABLE_NAME = 'review' AND rr.review_id = NEW.id))) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION '%', p.message USING ERRCODE = 'check_violation', CONSTRAINT = p.rule;
    END IF;
    RETURN NULL;
END $$;

-- ---- 4. The credit code's check character as one expression --------------------------------------------------
--
-- 0005 summed the 17 weighted characters with an aggregate over generate_series: a subquery for every call, which
-- the CHECK on enterprise.credit_code pays for every row written (3.8 s for the 303,700 enterprises of scale 100).
-- The same sum written out is one expression: 1.6 s. Same answers (compared for every sample code of scale 100;
-- the constraint tests check codes with right and wrong check characters).
CREATE OR REPLACE FUNCTION credit_code_check_character(code text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    -- The alphabet (no I, O, S, V, Z): a character's value is its position in it.
    SELECT substr('0123456789ABCDEFGHJKLMNPQRTUWXY', (31 - ((strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(code, 1, 1)) - 1) * 1 + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(code, 2, 1)) - 1) * 3 + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(code, 3, 1)) - 1) * 9 + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(code, 4, 1)) - 1) * 27 + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(code, 5, 1)) - 1) * 19 + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(code, 6, 1)) - 1) * 26 + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(code, 7, 1)) - 1) * 16 + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(code, 8, 1)) - 1) * 17 + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(code, 9, 1)) - 1) * 20 + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(code, 10, 1)) - 1) * 29 + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(code, 11, 1)) - 1) * 25 + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(code, 12, 1)) - 1) * 13 + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(code, 13, 1)) - 1) * 8 + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(code, 14, 1)) - 1) * 24 + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(code, 15, 1)) - 1) * 10 + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(code, 16, 1)) - 1) * 30 + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(code, 17, 1)) - 1) * 28) % 31) % 31 + 1, 1)
$$;

-- ---- 5. An enterprise outside its cluster's counties, named by the cluster's code ----------------------------
--
-- The message named the cluster by its internal id; an import reports it to an official, who knows the code.
-- The code is looked up only when the rule fails.
CREATE OR REPLACE FUNCTION check_enterprise_in_cluster_counties() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.cluster_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM cluster_county WHERE cluster_id = NEW.cluster_id AND county_code = NEW.county_code
    ) THEN
        RAISE EXCEPTION 'enterprise % is in county %, which is not one of the counties of cluster % (id %)',
            NEW.credit_code, NEW.county_code, (SELECT code FROM cluster WHERE id = NEW.cluster_id), NEW.cluster_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'enterprise_county_in_cluster';
    END IF;
    RETURN NEW;
END $$;
