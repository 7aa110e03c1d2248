-- SPDX-License-Identifier: BSD-2-Clause
-- The reply path, lighter for PostgreSQL: a reply's announcements go out
-- after its commit, not in it; a reply and its event no longer lock
-- their account's row.
--
-- PostgreSQL serialises the commits of every transaction that sent a
-- NOTIFY: the first to commit holds a lock (on the notification queue)
-- until its commit record is on disk, and the others wait for it. The
-- milter's store, on the SMTP path, sent two (the analyzer's wake-up and,
-- through the trigger below, the web's announcement of the reply), so
-- that concurrent replies flushed the WAL one after another instead of
-- together: measured with 10 concurrent writers of the store statement on
-- the durable database, 250-300 stores/s and 1.45-1.8 ms of PostgreSQL's
-- CPU each, against 850-930/s and 1.05-1.25 ms with the notifications
-- sent after the commit, in a transaction of their own, which writes no
-- WAL and so holds the lock only for an instant.
--
-- So the milter's store statement says that its transaction's events are
-- announced after the commit, by the milter (core/replies.c,
-- replies_announce), by setting postreply.announce to 'after_commit' for
-- the transaction; every other writer of events is announced by the
-- trigger, as before, from the same function web_announce. The setting
-- is read when an event row is inserted, and is local to the
-- transaction: the milter sets it before its statement inserts any event.
-- If the milter dies between the commit and its announcement, the web's
-- open pages miss that live update (a reload shows the reply) and the
-- analyzer finds the job on its next poll: the reply itself was stored.
DROP TRIGGER web_announce ON events;
CREATE TRIGGER web_announce AFTER INSERT ON events
    FOR EACH ROW
    WHEN (current_setting('postreply.announce', true)
          IS DISTINCT FROM 'after_commit')
    EXECUTE FUNCTION web_announce_event();

-- A reply and its event no longer lock their account's row.
--
-- Every foreign key checked on an insert locks the row it points to (FOR
-- KEY SHARE) until the commit. A reply and its event each pointed at
-- their account, and all the replies of an account point at the same
-- row: concurrent replies locked it together, which PostgreSQL records
-- as a new multixact (the set of lockers) on that row at every reply,
-- and the check was the dearest of the nine on the store (pg_stat_
-- statements: 15-23 us each, against 2-4 us for a customer's).
--
-- Their account is now checked through their customer: the pair
-- (customer_id, account_id) must be a customer of that account. That is
-- one check where there were two, on a row that only that customer's
-- replies share, and it says more than the two did: the account exists
-- (the customer's own key on accounts), and it is the customer's. What
-- deleting did stays: an account's deletion deletes its customers, and
-- with them their replies and events, as a customer's deletion did.
ALTER TABLE customers ADD CONSTRAINT customers_id_account_key
    UNIQUE (id, account_id);
ALTER TABLE replies DROP CONSTRAINT replies_account_id_fkey,
    DROP CONSTRAINT replies_customer_id_fkey,
    ADD CONSTRAINT replies_customer_account_fkey
        FOREIGN KEY (customer_id, account_id)
        REFERENCES customers (id, account_id) ON DELETE CASCADE;
ALTER TABLE events DROP CONSTRAINT events_account_id_fkey,
    DROP CONSTRAINT events_customer_id_fkey,
    ADD CONSTRAINT events_customer_account_fkey
        FOREIGN KEY (customer_id, account_id)
        REFERENCES customers (id, account_id) ON DELETE CASCADE;
