-- Tickets (事项) and their append-only event log. Times are epoch milliseconds.
CREATE TABLE tickets (
  id INTEGER PRIMARY KEY,
  ref TEXT UNIQUE,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  category TEXT NOT NULL REFERENCES categories(code),
  tier INTEGER NOT NULL CHECK (tier IN (1, 2, 3)),
  status TEXT NOT NULL,
  channel TEXT NOT NULL,
  reporter_role TEXT NOT NULL,
  urgent INTEGER NOT NULL CHECK (urgent IN (0, 1)),
  grid_id TEXT NOT NULL REFERENCES grid_cells(id),
  lng REAL NOT NULL,
  lat REAL NOT NULL,
  address TEXT NOT NULL,
  handling_unit TEXT NOT NULL,
  reported_at INTEGER NOT NULL,
  accepted_at INTEGER,
  dispatched_at INTEGER,
  started_at INTEGER,
  handled_at INTEGER,
  closed_at INTEGER,
  evaluated_at INTEGER,
  response_due_at INTEGER NOT NULL,
  close_due_at INTEGER NOT NULL,
  escalations INTEGER NOT NULL DEFAULT 0,
  reworks INTEGER NOT NULL DEFAULT 0,
  rating INTEGER,
  duplicate_of INTEGER REFERENCES tickets(id),
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX tickets_grid_reported ON tickets(grid_id, reported_at);
CREATE INDEX tickets_reported ON tickets(reported_at);
CREATE INDEX tickets_open_category ON tickets(category, status) WHERE status NOT IN ('closed', 'evaluated', 'rejected', 'merged');

CREATE TABLE ticket_events (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  at INTEGER NOT NULL,
  action TEXT NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  actor TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  rating INTEGER,
  duplicate_of INTEGER
) STRICT;
CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id, id);
CREATE INDEX ticket_events_at ON ticket_events(at);

-- A retried intake with the same Idempotency-Key returns the ticket it created.
CREATE TABLE idempotency_keys (
  key TEXT PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  created_at INTEGER NOT NULL
) STRICT;

-- The 2023 year as the replay will file it: one row per planned ticket (its steps as JSON), ordered by report time.
CREATE TABLE replay_plan (
  ref TEXT PRIMARY KEY,
  reported_at INTEGER NOT NULL,
  ticket TEXT NOT NULL
) STRICT;
CREATE INDEX replay_plan_reported ON replay_plan(reported_at);

-- Every planned step, so the replay can read "what happens between t0 and t1" with one indexed range query.
CREATE TABLE replay_steps (
  id INTEGER PRIMARY KEY,
  ref TEXT NOT NULL REFERENCES replay_plan(ref),
  at INTEGER NOT NULL,
  action TEXT NOT NULL,
  actor TEXT NOT NULL,
  note TEXT NOT NULL,
  rating INTEGER
) STRICT;
CREATE INDEX replay_steps_at ON replay_steps(at, id);
