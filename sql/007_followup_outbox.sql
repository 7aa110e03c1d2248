-- SPDX-License-Identifier: BSD-2-Clause
-- 007_followup_outbox: a follow-up is 'sending' from the moment its email
-- is recorded as pending until the MTA has taken it and the send is
-- recorded. Meanwhile the message waits in outbox, so that an analyzer
-- stopped in between (a crash, a restart, the database lost) sends the
-- same message, with the same Message-ID, again instead of losing it.
ALTER TABLE followups DROP CONSTRAINT followups_state_check;
ALTER TABLE followups ADD CONSTRAINT followups_state_check
    CHECK (state IN ('scheduled', 'sending', 'sent', 'cancelled', 'skipped'));
ALTER TABLE followups ADD COLUMN outbox jsonb;
