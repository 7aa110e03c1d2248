-- SPDX-License-Identifier: BSD-2-Clause
-- 011_reply_language: the language of a reply ("en", "fr", ... or
-- "unknown"), as the analyzer found it when it read the reply, so that
-- the follow-ups written for the conversation need not guess it again.
-- NULL for replies read before this migration (and for those not read
-- yet): the follow-ups then guess it from the reply's text.
ALTER TABLE replies ADD COLUMN language text;
