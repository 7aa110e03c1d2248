-- SPDX-License-Identifier: BSD-2-Clause
-- 009_unreadable_once_read: a reply is "unreadable" on the timeline only
-- while it has no analysis. A parked job may stay in the queue after the
-- reply was read at last (postreplyctl jobs --retry of another job, an
-- analysis made again): the analysis, not the old failure, is the truth.
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
              'analysis', an.detail,
              'unreadable', CASE WHEN an.detail IS NULL THEN
                  (SELECT j.last_error FROM jobs j
                    WHERE j.state = 'failed'
                      AND j.kind = 'analyze_reply'
                      AND j.payload->'reply_id' = to_jsonb(r.id)
                    ORDER BY j.id DESC LIMIT 1) END) END
       AS detail
  FROM events e
  LEFT JOIN replies r ON r.id = e.reply_id
  LEFT JOIN LATERAL (SELECT (to_jsonb(a) - 'reply_id' - 'raw' - 'signals')
                            || a.signals AS detail
                       FROM analyses a WHERE a.reply_id = r.id) an ON true;
