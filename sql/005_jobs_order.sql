-- SPDX-License-Identifier: BSD-2-Clause
-- 005_jobs_order: claiming a job reads the queue in (run_at, id) order.
-- With an index on run_at alone, jobs queued together (the same run_at)
-- had to be sorted by id at every claim: 3 ms per claim with 3,000 jobs.
DROP INDEX jobs_runnable;
CREATE INDEX jobs_runnable ON jobs (run_at, id) WHERE state = 'queued';
