-- SPDX-License-Identifier: BSD-2-Clause
-- postreply-web's live updates: every change a page shows is announced
-- on the channel postreply_web, with the account it belongs to, so the
-- web daemon (which LISTENs) can tell the open pages of the users who
-- may see that account. The announcement goes out when the change
-- commits, and not at all when it rolls back.
--
-- Triggers rather than a NOTIFY in each statement: the facts are written
-- by several programs (the milter stores a reply, the analyzer its
-- reading, postreplyctl and the web their actions, follow-ups their
-- events), and a trigger announces every one of them, including writers
-- added later, from one place. The payload is small JSON:
-- {"kind": ..., "account": id, "conversation": id or null}.

CREATE FUNCTION web_announce(kind text, account bigint, conversation bigint)
RETURNS void LANGUAGE sql AS $$
    SELECT pg_notify('postreply_web', json_build_object(
        'kind', kind, 'account', account, 'conversation', conversation)::text)
$$;

-- A reply stored, a status changed, a note added, a mail sent...
CREATE FUNCTION web_announce_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM web_announce(NEW.kind, NEW.account_id, NEW.conversation_id);
    RETURN NULL;
END $$;
CREATE TRIGGER web_announce AFTER INSERT ON events
    FOR EACH ROW EXECUTE FUNCTION web_announce_event();

-- A reply's analysis recorded (or recorded again).
CREATE FUNCTION web_announce_analysis() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM web_announce('analysis', r.account_id, r.conversation_id)
       FROM replies r WHERE r.id = NEW.reply_id;
    RETURN NULL;
END $$;
CREATE TRIGGER web_announce AFTER INSERT OR UPDATE ON analyses
    FOR EACH ROW EXECUTE FUNCTION web_announce_analysis();

-- Read or unread: the badge changes.
CREATE FUNCTION web_announce_read() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM web_announce('read', NEW.account_id, NEW.id);
    RETURN NULL;
END $$;
CREATE TRIGGER web_announce AFTER UPDATE OF unread_count ON conversations
    FOR EACH ROW WHEN (OLD.unread_count IS DISTINCT FROM NEW.unread_count)
    EXECUTE FUNCTION web_announce_read();
