-- SPDX-License-Identifier: BSD-2-Clause
-- 001_initial: accounts, customers, conversations, sent mail, reply tokens,
-- replies, the timeline and the job queue.

CREATE TABLE accounts (
    id          bigserial PRIMARY KEY,
    email       text NOT NULL,
    name        text NOT NULL DEFAULT '',
    reply_to    text NOT NULL DEFAULT '',   -- '' means: forward to email
    time_zone   text NOT NULL DEFAULT 'UTC',
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX accounts_email_key ON accounts (lower(email));

CREATE TABLE customers (
    id              bigserial PRIMARY KEY,
    account_id      bigint NOT NULL REFERENCES accounts ON DELETE CASCADE,
    email           text NOT NULL,
    name            text NOT NULL DEFAULT '',
    status          text NOT NULL DEFAULT 'new' CHECK (status IN
                    ('new', 'contacted', 'replied', 'interested',
                     'meeting_booked', 'customer', 'not_interested',
                     'do_not_contact')),
    do_not_contact  boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX customers_account_email_key
    ON customers (account_id, lower(email));
CREATE INDEX customers_email ON customers (lower(email));

CREATE TABLE conversations (
    id                bigserial PRIMARY KEY,
    account_id        bigint NOT NULL REFERENCES accounts ON DELETE CASCADE,
    customer_id       bigint NOT NULL REFERENCES customers ON DELETE CASCADE,
    last_activity_at  timestamptz NOT NULL DEFAULT now(),
    unread_count      integer NOT NULL DEFAULT 0,
    assignee          text,
    UNIQUE (account_id, customer_id)
);

CREATE TABLE sent_emails (
    id               bigserial PRIMARY KEY,
    account_id       bigint NOT NULL REFERENCES accounts ON DELETE CASCADE,
    customer_id      bigint NOT NULL REFERENCES customers ON DELETE CASCADE,
    conversation_id  bigint NOT NULL REFERENCES conversations ON DELETE CASCADE,
    subject          text NOT NULL DEFAULT '',
    preview          text NOT NULL DEFAULT '',
    message_id       text,
    source           text NOT NULL CHECK (source IN ('ctl', 'milter', 'followup')),
    sent_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE reply_tokens (
    token            text PRIMARY KEY CHECK (token ~ '^[a-z2-7]{16}$'),
    sent_email_id    bigint NOT NULL REFERENCES sent_emails ON DELETE CASCADE,
    account_id       bigint NOT NULL REFERENCES accounts ON DELETE CASCADE,
    customer_id      bigint NOT NULL REFERENCES customers ON DELETE CASCADE,
    conversation_id  bigint NOT NULL REFERENCES conversations ON DELETE CASCADE,
    issued_at        timestamptz NOT NULL DEFAULT now(),
    expires_at       timestamptz NOT NULL
);
CREATE INDEX reply_tokens_customer ON reply_tokens (customer_id);

CREATE TABLE replies (
    id               bigserial PRIMARY KEY,
    token            text REFERENCES reply_tokens ON DELETE SET NULL,
    account_id       bigint NOT NULL REFERENCES accounts ON DELETE CASCADE,
    customer_id      bigint NOT NULL REFERENCES customers ON DELETE CASCADE,
    conversation_id  bigint NOT NULL REFERENCES conversations ON DELETE CASCADE,
    received_at      timestamptz NOT NULL DEFAULT now(),
    channel          text NOT NULL DEFAULT 'email'
                     CHECK (channel IN ('email', 'phone', 'meeting', 'other')),
    manual           boolean NOT NULL DEFAULT false,
    queue_id         text,
    envelope_from    text,
    envelope_to      text,           -- the reply address it was sent to
    forwarded_to     text,
    client_addr      text,
    from_header      text,
    subject          text,
    message_id       text,
    raw              bytea,
    raw_size         bigint NOT NULL DEFAULT 0,  -- size as received
    truncated        boolean NOT NULL DEFAULT false,
    auto_reply       boolean NOT NULL DEFAULT false,
    bounce           boolean NOT NULL DEFAULT false,
    reply_text       text,           -- filled by the analyzer
    signature        text,
    quoted_text      text,
    extracted_at     timestamptz
);
-- A client retry of the same message is stored once.
CREATE UNIQUE INDEX replies_dedup ON replies (token, message_id)
    WHERE message_id IS NOT NULL;
CREATE INDEX replies_customer ON replies (customer_id);

CREATE TABLE events (
    id               bigserial PRIMARY KEY,
    at               timestamptz NOT NULL DEFAULT now(),
    kind             text NOT NULL,
    account_id       bigint NOT NULL REFERENCES accounts ON DELETE CASCADE,
    customer_id      bigint NOT NULL REFERENCES customers ON DELETE CASCADE,
    conversation_id  bigint REFERENCES conversations ON DELETE CASCADE,
    sent_email_id    bigint REFERENCES sent_emails ON DELETE CASCADE,
    reply_id         bigint REFERENCES replies ON DELETE CASCADE,
    detail           jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX events_customer ON events (customer_id, at);

CREATE TABLE jobs (
    id            bigserial PRIMARY KEY,
    kind          text NOT NULL,
    payload       jsonb NOT NULL DEFAULT '{}',
    run_at        timestamptz NOT NULL DEFAULT now(),
    attempts      integer NOT NULL DEFAULT 0,
    locked_until  timestamptz,
    locked_by     text,
    last_error    text,
    state         text NOT NULL DEFAULT 'queued'
                  CHECK (state IN ('queued', 'done', 'failed')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz
);
CREATE INDEX jobs_runnable ON jobs (run_at) WHERE state = 'queued';

-- The timeline as every reader sees it: one row per event, its detail
-- completed from the rows it points to (a reply's text appears once the
-- analyzer has extracted it).
CREATE VIEW timeline AS
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
              'text', r.reply_text) END AS detail
  FROM events e
  LEFT JOIN replies r ON r.id = e.reply_id;
