-- SPDX-License-Identifier: BSD-2-Clause
-- The inbox keeps, on each conversation, its last reply's urgency (2
-- needs_attention, 1 high_value, 0 else) instead of that reply's type,
-- and an analysis touches the conversation only when the urgency
-- changes. With the type on the conversation (sql/017), every analysis
-- updated its conversation: about a fifth of the analyzer's rate on the
-- bench (1,500 replies/s fell to 1,300). Most replies are of urgency 0,
-- which a new reply's conversation already has, so most analyses now
-- write nothing there. A filter on the type reads the last reply's
-- analysis instead (core/views.c).

ALTER TABLE conversations
    ADD COLUMN last_reply_urgency integer NOT NULL DEFAULT 0;
UPDATE conversations SET last_reply_urgency = inbox_urgency(last_reply_type)
 WHERE inbox_urgency(last_reply_type) <> 0;

DROP TRIGGER inbox_last_type ON analyses;
DROP INDEX conversations_inbox;
ALTER TABLE conversations DROP COLUMN last_reply_type;
CREATE INDEX conversations_inbox ON conversations
    (last_reply_urgency, (coalesce(last_reply_at, last_activity_at)), id);

CREATE OR REPLACE FUNCTION inbox_last_reply() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE conversations SET last_reply_id = NEW.id,
           last_reply_at = NEW.received_at,
           last_reply_urgency = coalesce((SELECT inbox_urgency(response_type)
                                            FROM analyses
                                           WHERE reply_id = NEW.id), 0)
     WHERE id = NEW.conversation_id
       AND (last_reply_at IS NULL
            OR (NEW.received_at, NEW.id) > (last_reply_at, last_reply_id));
    RETURN NULL;
END $$;

-- A first analysis of urgency 0 changes nothing: its reply, if it is the
-- conversation's last, was given urgency 0 when it was stored.
CREATE OR REPLACE FUNCTION inbox_last_urgency() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    u integer := inbox_urgency(NEW.response_type);
BEGIN
    IF TG_OP = 'INSERT' AND u = 0 THEN
        RETURN NULL;
    END IF;
    UPDATE conversations cv SET last_reply_urgency = u
      FROM replies r
     WHERE r.id = NEW.reply_id AND cv.id = r.conversation_id
       AND cv.last_reply_id = r.id AND cv.last_reply_urgency <> u;
    RETURN NULL;
END $$;
CREATE TRIGGER inbox_last_urgency AFTER INSERT OR UPDATE OF response_type
    ON analyses FOR EACH ROW EXECUTE FUNCTION inbox_last_urgency();

DROP FUNCTION inbox_last_type();
