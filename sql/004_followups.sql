-- SPDX-License-Identifier: BSD-2-Clause
-- 004_followups: automatic follow-ups. Rules per account and scenario
-- (all disabled until an operator enables them), the follow-ups scheduled
-- from them, and what the account's automation needs: a pause switch and
-- working hours in its time zone.

ALTER TABLE accounts
    ADD COLUMN paused boolean NOT NULL DEFAULT false,
    -- 'HH:MM-HH:MM' in the account's time zone; '' means at any hour.
    ADD COLUMN work_hours text NOT NULL DEFAULT ''
        CHECK (work_hours = '' OR work_hours ~ '^[0-9]{2}:[0-9]{2}-[0-9]{2}:[0-9]{2}$'),
    -- 'mon-fri', 'mon,wed,fri'; '' means every day.
    ADD COLUMN work_days text NOT NULL DEFAULT '';

ALTER TABLE customers
    ADD COLUMN tags text[] NOT NULL DEFAULT '{}';

CREATE TABLE followup_rules (
    account_id   bigint NOT NULL REFERENCES accounts ON DELETE CASCADE,
    scenario     text NOT NULL
                 CHECK (scenario IN ('no_reply', 'unavailable', 'requested_delay')),
    enabled      boolean NOT NULL DEFAULT false,
    steps        text NOT NULL DEFAULT '3d,7d',   -- durations, comma-separated
    max_steps    integer NOT NULL DEFAULT 2 CHECK (max_steps BETWEEN 1 AND 100),
    message      text NOT NULL DEFAULT 'ai' CHECK (message IN ('ai', 'custom')),
    custom_text  text NOT NULL DEFAULT '',
    on_send      text[] NOT NULL DEFAULT '{}',
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, scenario)
);

CREATE TABLE followups (
    id               bigserial PRIMARY KEY,
    account_id       bigint NOT NULL REFERENCES accounts ON DELETE CASCADE,
    customer_id      bigint NOT NULL REFERENCES customers ON DELETE CASCADE,
    conversation_id  bigint NOT NULL REFERENCES conversations ON DELETE CASCADE,
    scenario         text NOT NULL
                     CHECK (scenario IN ('no_reply', 'unavailable', 'requested_delay')),
    step             integer NOT NULL DEFAULT 1,
    due_at           timestamptz NOT NULL,
    state            text NOT NULL DEFAULT 'scheduled'
                     CHECK (state IN ('scheduled', 'sent', 'cancelled', 'skipped')),
    reason           text NOT NULL DEFAULT '',   -- why scheduled, cancelled or skipped
    created_at       timestamptz NOT NULL DEFAULT now(),
    sent_email_id    bigint REFERENCES sent_emails ON DELETE SET NULL
);
-- At most one follow-up pending per conversation.
CREATE UNIQUE INDEX followups_one_scheduled ON followups (conversation_id)
    WHERE state = 'scheduled';
CREATE INDEX followups_account ON followups (account_id, due_at);
