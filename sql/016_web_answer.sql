-- SPDX-License-Identifier: BSD-2-Clause
-- 016_web_answer: an email a user wrote in postreply-web's conversation
-- page is recorded with source 'web', beside postreplyctl's 'ctl', the
-- milter's and the follow-ups'.
ALTER TABLE sent_emails DROP CONSTRAINT sent_emails_source_check;
ALTER TABLE sent_emails ADD CONSTRAINT sent_emails_source_check
    CHECK (source IN ('ctl', 'milter', 'followup', 'web'));
