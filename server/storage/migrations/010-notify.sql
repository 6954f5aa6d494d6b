-- 督办 notices (docs/supervise.md). A subscription is a group robot or a webhook that hears some levels of the
-- tickets in a scope (or of one handling unit); its secret is stored to sign with and never read back out.
-- AUTOINCREMENT: an id is never reused after a delete (the audit log and the robots' rate windows name subscriptions by it).
CREATE TABLE notify_subscriptions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  -- A district, town or village code the tickets must lie in; NULL: the whole district.
  scope TEXT,
  -- A handling unit's name (区水务局); NULL: every unit.
  unit TEXT,
  channel TEXT NOT NULL CHECK (channel IN ('wecom', 'dingtalk', 'webhook')),
  url TEXT NOT NULL,
  secret TEXT,
  -- JSON arrays: ["red","escalated"], ["13800000000"].
  levels TEXT NOT NULL,
  mention_mobiles TEXT NOT NULL DEFAULT '[]',
  -- Set when the receiver answered 410 Gone (or an admin turns it off): nothing more is sent to it.
  disabled_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

-- The durable outbox: a row is written in the same transaction as the change (or the clock's passing) that caused it,
-- and a sender drains it. One row per (ticket, level, subscription) in each deadline period (cycle: escalations so
-- far) and repeat (round: 0 the first notice, then each repeat of a level that repeats).
-- AUTOINCREMENT: a digest's webhook-id is its first row's id, and receivers drop a webhook-id they have seen: an id
-- reused after its subscription's rows were deleted would silence a new message.
CREATE TABLE notify_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  subscription_id INTEGER NOT NULL REFERENCES notify_subscriptions(id) ON DELETE CASCADE,
  ticket_id INTEGER NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('blue', 'yellow', 'red', 'escalated')),
  cycle INTEGER NOT NULL,
  round INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'dead', 'simulated')),
  attempts INTEGER NOT NULL DEFAULT 0,
  -- Wall-clock epoch ms (retries wait in real time, even in the demo).
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  -- The first row of the digest this row went out in: the digest's webhook-id, fixed before its first attempt so
  -- that every retry (after a restart too) sends the same rows under the same id.
  batch_id INTEGER,
  -- The ticket clock's instant the notice became due (the demo's virtual 2023, or wall time).
  due_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  sent_at INTEGER
) STRICT;
CREATE UNIQUE INDEX notify_outbox_once ON notify_outbox(ticket_id, level, subscription_id, cycle, round);
CREATE INDEX notify_outbox_due ON notify_outbox(next_attempt_at) WHERE status IN ('pending', 'failed');
CREATE INDEX notify_outbox_status ON notify_outbox(status, id);
