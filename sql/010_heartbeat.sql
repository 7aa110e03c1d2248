-- SPDX-License-Identifier: BSD-2-Clause
-- 010_heartbeat: daemons say they are alive. postreply-analyzer writes its
-- row at start and every minute; "postreplyctl check" reads the newest to
-- tell an operator whether any analyzer runs. One row per process, so
-- several analyzers on several hosts do not overwrite each other; rows of
-- processes gone for a week are removed by the analyzers that remain.
CREATE TABLE daemon_heartbeats (
    name text NOT NULL,
    host text NOT NULL,
    pid integer NOT NULL,
    version text NOT NULL,
    started_at timestamptz NOT NULL,
    seen_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (name, host, pid)
);
CREATE INDEX daemon_heartbeats_seen ON daemon_heartbeats (name, seen_at);
