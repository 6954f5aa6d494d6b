-- The aggregates are checkpointed now and then (server/storage/saved-aggregates.ts): their counters go to
-- meta.saved_aggregates, the highest ticket id they include to this one row, in one transaction. From then on every
-- first change of a ticket row that existed, or could have, at the checkpoint (an id up to max_id) records the row's
-- counted fields as they were at the checkpoint: a start after a crash takes the checkpoint back, removes what those
-- rows counted then, and counts only them (and the rows with higher ids) again. -1: no checkpoint, nothing recorded.
-- The counters are written a moment after the instant they hold (their JSON is made over several turns of the event
-- loop): `generation` names the instant, and counters of another generation are not taken back.
CREATE TABLE aggregate_checkpoint (
  only INTEGER PRIMARY KEY CHECK (only = 1),
  max_id INTEGER NOT NULL,
  generation INTEGER NOT NULL
) STRICT;
INSERT INTO aggregate_checkpoint (only, max_id, generation) VALUES (1, -1, 0);

-- One row per ticket changed since the checkpoint, holding its counted fields at the checkpoint (existed 0: there was
-- no row with that id then). Only the first change is kept (INSERT OR IGNORE): later ones leave it as it was.
CREATE TABLE ticket_changes (
  ticket_id INTEGER PRIMARY KEY,
  existed INTEGER NOT NULL CHECK (existed IN (0, 1)),
  grid_id TEXT,
  status TEXT,
  tier INTEGER,
  category TEXT,
  channel TEXT,
  urgent INTEGER,
  reported_at INTEGER,
  accepted_at INTEGER,
  closed_at INTEGER,
  response_due_at INTEGER,
  close_due_at INTEGER,
  rating INTEGER,
  reworks INTEGER
) STRICT;

CREATE TRIGGER ticket_changes_update AFTER UPDATE ON tickets
WHEN OLD.id <= (SELECT max_id FROM aggregate_checkpoint WHERE only = 1)
BEGIN
  INSERT OR IGNORE INTO ticket_changes VALUES (OLD.id, 1, OLD.grid_id, OLD.status, OLD.tier, OLD.category, OLD.channel,
    OLD.urgent, OLD.reported_at, OLD.accepted_at, OLD.closed_at, OLD.response_due_at, OLD.close_due_at, OLD.rating, OLD.reworks);
END;

CREATE TRIGGER ticket_changes_delete AFTER DELETE ON tickets
WHEN OLD.id <= (SELECT max_id FROM aggregate_checkpoint WHERE only = 1)
BEGIN
  INSERT OR IGNORE INTO ticket_changes VALUES (OLD.id, 1, OLD.grid_id, OLD.status, OLD.tier, OLD.category, OLD.channel,
    OLD.urgent, OLD.reported_at, OLD.accepted_at, OLD.closed_at, OLD.response_due_at, OLD.close_due_at, OLD.rating, OLD.reworks);
END;

-- An id up to max_id that had no row at the checkpoint (a gap, or a row deleted before it): nothing to remove for it.
CREATE TRIGGER ticket_changes_insert AFTER INSERT ON tickets
WHEN NEW.id <= (SELECT max_id FROM aggregate_checkpoint WHERE only = 1)
BEGIN
  INSERT OR IGNORE INTO ticket_changes (ticket_id, existed) VALUES (NEW.id, 0);
END;

-- Any insert trigger on tickets makes SQLite compile its foreign-key parent checks into every ticket insert (they run
-- only while a deferred violation is pending); this index keeps the one on idempotency keys a search, never a scan.
CREATE INDEX idempotency_keys_ticket ON idempotency_keys(ticket_id);
