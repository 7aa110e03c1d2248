-- SPDX-License-Identifier: BSD-2-Clause
-- 006_raw_lz4: a reply's raw message is compressed with lz4 where the
-- server has it (PostgreSQL 14 and later, built with lz4, as Debian's
-- is). The milter stores it inside the SMTP transaction, and pglz, the
-- default, is slow: measured per message, 290 KB with an attachment
-- 7.5 ms with pglz against 1.8 ms with lz4, 766 KB of text 4.2 ms against
-- 1.1 ms, for the same size on disk. Only new rows are compressed so.
DO $$
BEGIN
  IF 'lz4' = ANY (SELECT unnest(enumvals) FROM pg_settings
                  WHERE name = 'default_toast_compression') THEN
    ALTER TABLE replies ALTER COLUMN raw SET COMPRESSION lz4;
  END IF;
END $$;
