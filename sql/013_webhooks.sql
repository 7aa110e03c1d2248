-- SPDX-License-Identifier: BSD-2-Clause
-- 013_webhooks: inbound webhooks declared with postreplyctl webhook add.
-- Each stored reply is POSTed to every webhook of its account (or of all
-- accounts when account_id is NULL), in the webhook's format: the one an
-- application written for SendGrid Inbound Parse, Postmark or Mailgun
-- already reads, or postreply's own. The secret is never stored here:
-- only the name of the file that holds it.
CREATE TABLE webhooks (
    id           bigserial PRIMARY KEY,
    url          text NOT NULL CHECK (url ~ '^https?://'),
    format       text NOT NULL CHECK (format IN ('postreply', 'postmark',
                     'sendgrid', 'sendgrid-raw', 'mailgun')),
    account_id   bigint REFERENCES accounts ON DELETE CASCADE,
    secret_file  text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now()
);
-- A reply read again queues no second post to the same webhook: the
-- check looks its job up by payload.
CREATE INDEX jobs_inbound_post ON jobs (payload) WHERE kind = 'inbound_post';
