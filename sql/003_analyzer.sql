-- SPDX-License-Identifier: BSD-2-Clause
-- 003_analyzer: what the analyzer records besides the analysis itself.

-- An address a bounce said is failing; follow-ups never go to it.
ALTER TABLE customers
    ADD COLUMN bouncing boolean NOT NULL DEFAULT false;

-- Where a failed job can be found quickly by the operator.
CREATE INDEX jobs_failed ON jobs (finished_at) WHERE state = 'failed';

-- The timeline shows a reply's analysis with its follow-up signals as
-- fields of their own, as postreply-analyzer -t and webhooks do.
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
                             FROM analyses an WHERE an.reply_id = r.id)) END
       AS detail
  FROM events e
  LEFT JOIN replies r ON r.id = e.reply_id;
