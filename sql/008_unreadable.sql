-- SPDX-License-Identifier: BSD-2-Clause
-- 008_unreadable: a reply whose reading failed for good (its analyze_reply
-- job parked as failed: the reading process crashed, ran out of memory or
-- time at every attempt) stays on the timeline with its raw message, and
-- the timeline says it could not be read, and why. The job's last error
-- is the one record of that; the view reads it, nothing copies it.
-- The index holds the payload's jsonb value, not a cast of it: a payload
-- that is not a number must still be parkable.
CREATE INDEX jobs_failed_reply ON jobs ((payload->'reply_id'))
 WHERE state = 'failed' AND kind = 'analyze_reply';

CREATE OR REPLACE VIEW timeline AS
SELECT e.id, e.at, e.kind, e.account_id, e.customer_id, e.conversation_id,
       e.detail
       || CASE WHEN r.id IS NULL THEN '{}'::jsonb ELSE jsonb_build_object(
              'reply_id', r.id,
              'from', r.from_header,
              'subject', r.subject,
              'message_id', r.message_id,
              'auto_reply', r.auto_reply,
              'bounce', r.bounce,
              'manual', r.manual,
              'channel', r.channel,
              'text', r.reply_text,
              'analysis', (SELECT (to_jsonb(an) - 'reply_id' - 'raw'
                                   - 'signals') || an.signals
                             FROM analyses an WHERE an.reply_id = r.id),
              'unreadable', (SELECT j.last_error FROM jobs j
                              WHERE j.state = 'failed'
                                AND j.kind = 'analyze_reply'
                                AND j.payload->'reply_id' = to_jsonb(r.id)
                              ORDER BY j.id DESC LIMIT 1)) END
       AS detail
  FROM events e
  LEFT JOIN replies r ON r.id = e.reply_id;
