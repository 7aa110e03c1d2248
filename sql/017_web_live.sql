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

-- The inbox's order at 100,000 conversations: each conversation carries
-- its last reply (received_at, then id, the latest) and that reply's
-- response type, kept by the triggers below, so the order "needs
-- attention, then high value, then newest" is one index and a page is
-- read from where the last one ended (no OFFSET). The urgency is 2 for
-- needs_attention, 1 for high_value, 0 otherwise: every key descends.
ALTER TABLE conversations
    ADD COLUMN last_reply_id bigint,
    ADD COLUMN last_reply_at timestamptz,
    ADD COLUMN last_reply_type text;

UPDATE conversations cv SET last_reply_id = lr.id,
       last_reply_at = lr.received_at, last_reply_type = an.response_type
  FROM (SELECT DISTINCT ON (conversation_id) conversation_id, id, received_at
          FROM replies ORDER BY conversation_id, received_at DESC, id DESC) lr
  LEFT JOIN analyses an ON an.reply_id = lr.id
 WHERE cv.id = lr.conversation_id;

CREATE FUNCTION inbox_urgency(response_type text) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE response_type WHEN 'needs_attention' THEN 2
                              WHEN 'high_value' THEN 1 ELSE 0 END
$$;

CREATE INDEX conversations_inbox ON conversations
    (inbox_urgency(last_reply_type), (coalesce(last_reply_at, last_activity_at)), id);

CREATE FUNCTION inbox_last_reply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE conversations SET last_reply_id = NEW.id,
           last_reply_at = NEW.received_at,
           last_reply_type = (SELECT response_type FROM analyses
                               WHERE reply_id = NEW.id)
     WHERE id = NEW.conversation_id
       AND (last_reply_at IS NULL
            OR (NEW.received_at, NEW.id) > (last_reply_at, last_reply_id));
    RETURN NULL;
END $$;
CREATE TRIGGER inbox_last_reply AFTER INSERT ON replies
    FOR EACH ROW EXECUTE FUNCTION inbox_last_reply();

CREATE FUNCTION inbox_last_type() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE conversations cv SET last_reply_type = NEW.response_type
      FROM replies r
     WHERE r.id = NEW.reply_id AND cv.id = r.conversation_id
       AND cv.last_reply_id = r.id
       AND cv.last_reply_type IS DISTINCT FROM NEW.response_type;
    RETURN NULL;
END $$;
CREATE TRIGGER inbox_last_type AFTER INSERT OR UPDATE OF response_type
    ON analyses FOR EACH ROW EXECUTE FUNCTION inbox_last_type();
