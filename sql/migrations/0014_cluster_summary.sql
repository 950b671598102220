-- 0014: figures kept per cluster, so questions about every cluster read one narrow row per cluster instead of
-- every enterprise, measure and indicator behind it (issue 7: `distribution` counted 300,000 enterprises at scale
-- 100 for each request, 68 of its 138 ms).
--
-- Kept by statement-level triggers on the tables they come from: each statement recounts the clusters it touched,
-- once, from the tables themselves (a recount, not a running delta, so the figure cannot drift from its source).
-- A bulk load (COPY of 300,000 enterprises) recounts each cluster once at the end of the statement.
--
-- Concurrency: the recount first locks the clusters' summary rows in id order, then counts in a new statement. Under
-- READ COMMITTED that statement's snapshot sees whatever a writer that held the lock before it committed, so two
-- transactions adding enterprises to one cluster leave the sum of both, not the last one's view. Under REPEATABLE
-- READ or SERIALIZABLE the second writer gets a serialization failure instead, which such writers retry anyway. As with
-- any row kept per key, two transactions that write to the same clusters in opposite orders, over several
-- statements, can deadlock; PostgreSQL then cancels one of them, and nothing is left half-counted.
--
-- Time-dependent figures (qualifications held today, status on a day, validity on a day) are not kept here: they
-- change with the calendar, not with writes.

CREATE TABLE cluster_summary (
    cluster_id             bigint PRIMARY KEY REFERENCES cluster ON DELETE CASCADE,
    enterprise_count       integer NOT NULL DEFAULT 0 CHECK (enterprise_count >= 0),
    support_total_yuan     numeric(20, 2) CHECK (support_total_yuan >= 0),
    latest_indicator_year  smallint,
    latest_output_value    numeric(20, 2) CHECK (latest_output_value >= 0),
    first_recognized_on    date
);
COMMENT ON TABLE cluster_summary IS 'Figures kept per cluster by triggers on enterprise, support_measure, cluster_indicator and recognition, for aggregates over many clusters (distribution, targetProgress). Derived data: refresh_cluster_summary recounts any cluster from its sources.';
COMMENT ON COLUMN cluster_summary.cluster_id IS 'The cluster.';
COMMENT ON COLUMN cluster_summary.enterprise_count IS 'Enterprises whose cluster this is.';
COMMENT ON COLUMN cluster_summary.support_total_yuan IS 'Sum of the amounts of the cluster''s support measures; NULL when none has an amount.';
COMMENT ON COLUMN cluster_summary.latest_indicator_year IS 'Latest year the cluster reported indicators for; NULL when none.';
COMMENT ON COLUMN cluster_summary.latest_output_value IS 'Output value (yuan) of that latest year.';
COMMENT ON COLUMN cluster_summary.first_recognized_on IS 'Day of the cluster''s first recognition (Art. 5 counts a cluster in the year of its first); NULL when never recognised.';
CREATE INDEX cluster_summary_first_recognized_on_idx ON cluster_summary (first_recognized_on);

CREATE FUNCTION refresh_cluster_summary(p_cluster_ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO cluster_summary (cluster_id)
        SELECT c.id FROM cluster c WHERE c.id = ANY (p_cluster_ids) ORDER BY c.id
        ON CONFLICT (cluster_id) DO NOTHING;
    -- Writers to one cluster take turns here; the recount below is a new statement with a new snapshot.
    PERFORM 1 FROM cluster_summary s WHERE s.cluster_id = ANY (p_cluster_ids) ORDER BY s.cluster_id FOR UPDATE;
    UPDATE cluster_summary s SET
        enterprise_count = (SELECT count(*) FROM enterprise e WHERE e.cluster_id = s.cluster_id),
        support_total_yuan = (SELECT sum(m.amount_yuan) FROM support_measure m WHERE m.cluster_id = s.cluster_id),
        (latest_indicator_year, latest_output_value) = (
            SELECT ci.year, ci.output_value FROM cluster_indicator ci WHERE ci.cluster_id = s.cluster_id
            ORDER BY ci.year DESC LIMIT 1),
        first_recognized_on = (SELECT min(r.recognized_on) FROM recognition r WHERE r.cluster_id = s.cluster_id)
    WHERE s.cluster_id = ANY (p_cluster_ids);
END $$;
COMMENT ON FUNCTION refresh_cluster_summary(bigint[]) IS 'Recounts the summaries of these clusters from enterprise, support_measure, cluster_indicator and recognition (creating missing rows). The triggers call it; call it by hand only to repair.';

-- One function for the tables whose rows name a cluster in `cluster_id`; each trigger names its transition
-- tables new_rows and old_rows (PostgreSQL allows transition tables only on single-event triggers).
CREATE FUNCTION cluster_summary_after_statement() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT cluster_id) INTO ids FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT cluster_id) INTO ids FROM old_rows;
    ELSIF TG_OP = 'UPDATE' THEN
        SELECT array_agg(DISTINCT x.cluster_id) INTO ids
        FROM (SELECT o.cluster_id FROM old_rows o UNION SELECT n.cluster_id FROM new_rows n) x;
    ELSE  -- TRUNCATE: every cluster
        SELECT array_agg(c.id) INTO ids FROM cluster c;
    END IF;
    IF ids IS NOT NULL THEN
        PERFORM refresh_cluster_summary(ids);
    END IF;
    RETURN NULL;
END $$;

DO $$
DECLARE
    source text;
BEGIN
    FOREACH source IN ARRAY ARRAY['enterprise', 'support_measure', 'cluster_indicator', 'recognition'] LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION cluster_summary_after_statement()', source || '_summary_insert', source);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION cluster_summary_after_statement()', source || '_summary_update', source);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION cluster_summary_after_statement()', source || '_summary_delete', source);
        EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION cluster_summary_after_statement()', source || '_summary_truncate', source);
    END LOOP;
END $$;

-- A new cluster gets its (empty) summary at once, so a join to cluster_summary never loses a cluster.
CREATE FUNCTION cluster_summary_after_cluster_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[];
BEGIN
    SELECT array_agg(n.id) INTO ids FROM new_rows n;
    IF ids IS NOT NULL THEN
        PERFORM refresh_cluster_summary(ids);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER cluster_summary_insert AFTER INSERT ON cluster REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION cluster_summary_after_cluster_insert();

SELECT refresh_cluster_summary(array(SELECT id FROM cluster));
