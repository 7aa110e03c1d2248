-- SPDX-License-Identifier: BSD-2-Clause
-- 023_inbox_search: the inbox's search and filters at 100,000
-- conversations (core/views.c).
--
-- A search by customer is a substring of the address or the name, in
-- any case. Without an index it read every customer (and every
-- conversation) to find a page of matches: 0.4-0.9 s at this size. A
-- trigram index (pg_trgm, in PostgreSQL's contrib, which Debian's
-- postgresql-15 ships; a trusted extension, so the database's owner may
-- create it) answers "LIKE '%c4242%'" from the three-letter pieces of
-- the search. The address and the name are one text, separated by a
-- line feed, so that a search (which has none: core/views.c) never
-- matches across the two. The extension is in the schema public, named
-- (the unit tests run the migrations in a schema of their own).
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
CREATE INDEX customers_search ON customers
    USING gin (lower(email || E'\n' || name) public.gin_trgm_ops);
-- No index on the status: a reply that moves its customer to "replied"
-- could then not update the row in place (HOT), and would add to every
-- index of the customers on the reply's path. A filter on a status few
-- have reads the customers instead (10-30 ms at 100,000).
