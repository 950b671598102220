-- 0022: change notifications for the server's answer cache (issue 18 §2).
--
-- Every table of the data model tells, when a statement changed at least one of its rows, which table changed:
-- `pg_notify('qunji_changes', <table name>)`. PostgreSQL delivers notifications when the transaction commits (none
-- for a rolled-back one) and sends one per distinct table per transaction, however many statements wrote to it. The
-- server LISTENs on a connection of its own and drops the cached answers whose statements read that table.
--
-- Statement-level triggers with transition tables (as cluster_summary's, 0014): one notification per statement,
-- not per row, and none for a statement that changed nothing (an UPDATE matching no row). TRUNCATE has no
-- transition table; it always notifies.
--
-- A table created by a later migration calls qunji_watch_table('<name>') too; a test checks that every table of the
-- public schema has the triggers.

CREATE FUNCTION qunji_notify_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        PERFORM pg_notify('qunji_changes', TG_TABLE_NAME);
        RETURN NULL;
    END IF;
    IF EXISTS (SELECT 1 FROM qunji_changed_rows) THEN
        PERFORM pg_notify('qunji_changes', TG_TABLE_NAME);
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION qunji_notify_change() IS
    'Trigger: notifies the channel qunji_changes with the table''s name when a statement changed rows of it (delivered at commit).';

CREATE FUNCTION qunji_watch_table(p_table regclass) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    name text := (SELECT c.relname FROM pg_class c WHERE c.oid = p_table);
BEGIN
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %s REFERENCING NEW TABLE AS qunji_changed_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION qunji_notify_change()', 'qunji_notify_insert_' || name, p_table);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %s REFERENCING NEW TABLE AS qunji_changed_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION qunji_notify_change()', 'qunji_notify_update_' || name, p_table);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %s REFERENCING OLD TABLE AS qunji_changed_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION qunji_notify_change()', 'qunji_notify_delete_' || name, p_table);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %s '
                   'FOR EACH STATEMENT EXECUTE FUNCTION qunji_notify_change()', 'qunji_notify_truncate_' || name, p_table);
END $$;
COMMENT ON FUNCTION qunji_watch_table(regclass) IS
    'Adds the change-notification triggers (qunji_notify_change) to a table: every table of the data model has them.';

SELECT qunji_watch_table(c.oid)
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
ORDER BY c.relname;
