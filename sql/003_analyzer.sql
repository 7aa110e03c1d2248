-- 003_analyzer: what the analyzer records besides the analysis itself.

-- An address a bounce said is failing; follow-ups never go to it.
ALTER TABLE customers
    ADD COLUMN bouncing boolean NOT NULL DEFAULT false;

-- Where a failed job can be found quickly by the operator.
CREATE INDEX jobs_failed ON jobs (finished_at) WHERE state = 'failed';
