-- SPDX-License-Identifier: BSD-2-Clause
-- 002_outbound: sending states, one token shared by the customers of one
-- message, and the analyses the inbox and timeline show.

-- An email is recorded before it is handed to the MTA ('pending'), then
-- marked 'sent', or 'failed' with the reason (its token is then removed).
ALTER TABLE sent_emails
    ADD COLUMN status text NOT NULL DEFAULT 'sent'
        CHECK (status IN ('pending', 'sent', 'failed')),
    ADD COLUMN failure text;

-- Every customer a token was sent to. reply_tokens names the first; a
-- reply from any of them lands in that customer's own conversation.
CREATE TABLE token_customers (
    token            text NOT NULL REFERENCES reply_tokens
                     ON DELETE CASCADE ON UPDATE CASCADE,
    customer_id      bigint NOT NULL REFERENCES customers ON DELETE CASCADE,
    conversation_id  bigint NOT NULL REFERENCES conversations ON DELETE CASCADE,
    sent_email_id    bigint NOT NULL REFERENCES sent_emails ON DELETE CASCADE,
    PRIMARY KEY (token, customer_id)
);
INSERT INTO token_customers (token, customer_id, conversation_id, sent_email_id)
SELECT token, customer_id, conversation_id, sent_email_id FROM reply_tokens;

-- One analysis per reply (filled by postreply-analyzer).
CREATE TABLE analyses (
    reply_id              bigint PRIMARY KEY REFERENCES replies ON DELETE CASCADE,
    response_type         text NOT NULL
                          CHECK (response_type IN ('standard', 'high_value', 'needs_attention')),
    key_insights          text NOT NULL DEFAULT '',
    sentiment             text NOT NULL
                          CHECK (sentiment IN ('positive', 'neutral', 'negative')),
    opportunity_score     integer NOT NULL CHECK (opportunity_score BETWEEN 1 AND 5),
    follow_up_needed      boolean NOT NULL DEFAULT false,
    product_interest      text NOT NULL DEFAULT 'none'
                          CHECK (product_interest IN ('none', 'mentioned', 'interested', 'very_interested')),
    action_items          jsonb NOT NULL DEFAULT '[]',
    product_usage         text,
    monthly_volume        text,
    pain_points           jsonb NOT NULL DEFAULT '[]',
    signals               jsonb NOT NULL DEFAULT '{}',
    backend               text NOT NULL,
    model                 text,
    raw                   jsonb,
    analyzed_at           timestamptz NOT NULL DEFAULT now()
);

-- The timeline view, now with a reply's analysis and manual replies.
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
              'analysis', (SELECT to_jsonb(an) - 'reply_id' - 'raw'
                             FROM analyses an WHERE an.reply_id = r.id)) END
       AS detail
  FROM events e
  LEFT JOIN replies r ON r.id = e.reply_id;
