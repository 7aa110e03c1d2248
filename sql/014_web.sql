-- SPDX-License-Identifier: BSD-2-Clause
-- postreply-web: the people who sign in, the accounts each may see, their
-- sessions and their one-time sign-in links. Secrets are stored only as
-- SHA-256 hashes (sessions, links) or crypt(3) hashes (passwords): a copy
-- of the database does not sign anyone in.

CREATE TABLE web_users (
    id            bigserial PRIMARY KEY,
    email         text NOT NULL CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
    is_admin      boolean NOT NULL DEFAULT false,
    password_hash text,        -- NULL: sign-in by link (or proxy) only
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX web_users_email ON web_users (lower(email));

-- An account may be a person's or a team mailbox's; a user sees the
-- accounts granted (an admin sees all).
CREATE TABLE web_grants (
    user_id    bigint NOT NULL REFERENCES web_users (id) ON DELETE CASCADE,
    account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, account_id)
);
CREATE INDEX web_grants_account ON web_grants (account_id);

CREATE TABLE web_sessions (
    id_hash    bytea PRIMARY KEY,   -- sha256 of the cookie's 256-bit id
    user_id    bigint NOT NULL REFERENCES web_users (id) ON DELETE CASCADE,
    csrf       text NOT NULL,       -- sent back in a header on every change
    created_at timestamptz NOT NULL DEFAULT now(),
    seen_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX web_sessions_user ON web_sessions (user_id);

CREATE TABLE web_links (
    token_hash bytea PRIMARY KEY,   -- sha256 of the link's 256-bit token
    user_id    bigint NOT NULL REFERENCES web_users (id) ON DELETE CASCADE,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX web_links_user ON web_links (user_id);
