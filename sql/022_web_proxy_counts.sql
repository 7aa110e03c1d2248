-- SPDX-License-Identifier: BSD-2-Clause
-- 022_web_proxy_counts: postreply-web at size.
--
-- A user signed in by a trusted proxy's header has one session, made on
-- their first request and found again on the next ones by the user, not
-- by a cookie: a client that sends no cookie (a script, or the browser's
-- first requests in parallel) made a new session on every request
-- before, and they piled up. The session keeps the CSRF token the page
-- sends back; its id is never handed out.
ALTER TABLE web_sessions ADD COLUMN proxied boolean NOT NULL DEFAULT false;
CREATE UNIQUE INDEX web_sessions_proxied ON web_sessions (user_id)
    WHERE proxied;

-- The inbox's totals (how many conversations, how many unread replies:
-- the tab's title and the page count) without counting 100,000
-- conversations on every page. Each change to a conversation's count or
-- unread replies adds a row of differences here, per account; the sums
-- of an account's rows are its totals. Rows are only ever added by the
-- writers (concurrent replies to one account wait for no one), and
-- inbox_counts_fold() sums each account's rows into one, from time to
-- time (postreply-web, every minute). A reader sees the rows before a
-- fold or the one after it, never both.
-- No foreign key: the rows of a deleted account's conversations are
-- written while the account goes; a fold drops them.
CREATE TABLE inbox_counts (
    account_id           bigint NOT NULL,
    conversations        bigint NOT NULL,
    unread_conversations bigint NOT NULL,  -- with unread_count > 0
    unread               bigint NOT NULL   -- the sum of unread_count
);
CREATE INDEX inbox_counts_account ON inbox_counts (account_id);

CREATE FUNCTION inbox_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.account_id = NEW.account_id THEN
        INSERT INTO inbox_counts VALUES (NEW.account_id, 0,
            (NEW.unread_count > 0)::int - (OLD.unread_count > 0)::int,
            NEW.unread_count - OLD.unread_count);
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO inbox_counts VALUES (OLD.account_id, -1,
            -(OLD.unread_count > 0)::int, -OLD.unread_count);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO inbox_counts VALUES (NEW.account_id, 1,
            (NEW.unread_count > 0)::int, NEW.unread_count);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER inbox_count AFTER INSERT OR DELETE ON conversations
    FOR EACH ROW EXECUTE FUNCTION inbox_count();
CREATE TRIGGER inbox_count_change AFTER UPDATE OF unread_count, account_id
    ON conversations FOR EACH ROW
    WHEN (OLD.unread_count IS DISTINCT FROM NEW.unread_count
          OR OLD.account_id IS DISTINCT FROM NEW.account_id)
    EXECUTE FUNCTION inbox_count();

-- Each account's rows summed into one. Safe beside writers and another
-- fold: the rows deleted are those this statement sees, and what it
-- inserts is their sum; a row added meanwhile stays for the next fold.
CREATE FUNCTION inbox_counts_fold() RETURNS void LANGUAGE sql AS $$
    WITH d AS (DELETE FROM inbox_counts RETURNING *),
         s AS (SELECT account_id, sum(conversations) AS c,
                      sum(unread_conversations) AS uc, sum(unread) AS u
                 FROM d GROUP BY account_id)
    INSERT INTO inbox_counts
    SELECT account_id, c, uc, u FROM s
     WHERE (c, uc, u) <> (0, 0, 0)
       AND EXISTS (SELECT 1 FROM accounts a WHERE a.id = s.account_id)
$$;

-- The totals counted again from the conversations, for a database
-- filled with the triggers off (scripts/bench-web); here, with the
-- writers held off.
CREATE FUNCTION inbox_counts_rebuild() RETURNS void LANGUAGE sql AS $$
    DELETE FROM inbox_counts;
    INSERT INTO inbox_counts
    SELECT account_id, count(*), count(*) FILTER (WHERE unread_count > 0),
           sum(unread_count)
      FROM conversations GROUP BY account_id;
$$;

LOCK TABLE conversations IN SHARE ROW EXCLUSIVE MODE;
SELECT inbox_counts_rebuild();
