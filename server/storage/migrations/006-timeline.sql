-- The demo's year as a timeline: every planned ticket has a fixed id (its row exists from the start, visible once the
-- clock passes its report time) and every planned step is an event row, written once with the world. A seek then
-- rewrites ticket rows to their state at the new instant and never deletes or renumbers a ticket.
ALTER TABLE replay_plan ADD COLUMN ticket_id INTEGER;
CREATE UNIQUE INDEX replay_plan_ticket ON replay_plan(ticket_id) WHERE ticket_id IS NOT NULL;
-- Deleting or checking a ticket referenced as a duplicate scanned the whole table without this.
CREATE INDEX tickets_duplicate_of ON tickets(duplicate_of) WHERE duplicate_of IS NOT NULL;
-- The planned steps now live in ticket_events with the rest of each ticket's timeline, read in timeline order.
DROP TABLE replay_steps;
DROP INDEX ticket_events_ticket;
CREATE INDEX ticket_events_ticket_at ON ticket_events(ticket_id, at);
