-- Every list a request can ask for walks an index in id order from its cursor and stops after a fixed number of
-- entries (ticket-repository.ts, listTicketsPage), so a filter that matches nothing costs that many entries, never the
-- whole table. An index on one column keeps its entries in (column, rowid) order: `category = ? AND id < ?` then reads
-- newest first without a sort. A list of several values walks the primary key instead, with the same bound.
CREATE INDEX tickets_category ON tickets(category);
CREATE INDEX tickets_status ON tickets(status);
CREATE INDEX tickets_tier ON tickets(tier);
-- Open tickets, newest first (?open=true, ?overdue=true, Open311 status=open): a few thousand at most in steady state.
CREATE INDEX tickets_open ON tickets(id) WHERE status NOT IN ('closed', 'evaluated', 'rejected', 'merged');
