-- SPDX-License-Identifier: BSD-2-Clause
-- A reply updates its conversation once. Until now the milter's store
-- statement raised the unread count and the last activity (core/
-- replies.c), then the trigger inbox_last_reply (sql/017, 018) wrote the
-- last reply on the same row again: two row versions, and two
-- announcements on postreply_web (the event 'reply' and 'read' for the
-- count), for every reply, on the SMTP path. On the bench that was most
-- of what the web's live updates cost the reply path.
--
-- The trigger is now the one writer of what a reply changes on its
-- conversation, whoever stores the reply: the unread count (a reply
-- logged by hand is not unread: its author read it), the last activity,
-- and the last reply. A change of the unread count is announced only
-- when no new last reply came with it: the reply's own event announces
-- that one.

-- Whether a reply (at, id) comes after the conversation's last one.
CREATE FUNCTION inbox_newer(at timestamptz, id bigint,
                            last_at timestamptz, last_id bigint)
RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT last_at IS NULL OR (at, id) > (last_at, last_id)
$$;

-- One statement, so that a conversation updated meanwhile is read again
-- (the row's values on the right of SET are its latest).
CREATE OR REPLACE FUNCTION inbox_last_reply() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE conversations
       SET unread_count = unread_count + (NOT NEW.manual)::integer,
           last_activity_at = greatest(last_activity_at, NEW.received_at),
           last_reply_id = CASE WHEN inbox_newer(NEW.received_at, NEW.id,
                    last_reply_at, last_reply_id) THEN NEW.id
                    ELSE last_reply_id END,
           last_reply_at = CASE WHEN inbox_newer(NEW.received_at, NEW.id,
                    last_reply_at, last_reply_id) THEN NEW.received_at
                    ELSE last_reply_at END,
           last_reply_urgency = CASE WHEN inbox_newer(NEW.received_at,
                    NEW.id, last_reply_at, last_reply_id)
                    THEN coalesce((SELECT inbox_urgency(response_type)
                                     FROM analyses
                                    WHERE reply_id = NEW.id), 0)
                    ELSE last_reply_urgency END
     WHERE id = NEW.conversation_id;
    RETURN NULL;
END $$;

DROP TRIGGER web_announce ON conversations;
CREATE TRIGGER web_announce AFTER UPDATE OF unread_count ON conversations
    FOR EACH ROW WHEN (OLD.unread_count IS DISTINCT FROM NEW.unread_count
                       AND OLD.last_reply_id IS NOT DISTINCT FROM
                           NEW.last_reply_id)
    EXECUTE FUNCTION web_announce_read();

