-- 人车房物 facts from other systems (POST /api/modules/events). The sender's event id is its idempotency key, per
-- caller like Idempotency-Key: a resent event is a duplicate, another body under a used id is refused. The rows are
-- what the live module numbers are rebuilt from (today's events, the hour before, every house change).
CREATE TABLE module_events (
  -- 'token:<id>' ('token:configured' for MOSHAO_INTAKE_TOKEN) or 'account:<id>'.
  caller TEXT NOT NULL,
  id TEXT NOT NULL,
  type TEXT NOT NULL,
  -- When it happened (epoch ms), as the sender said.
  at INTEGER NOT NULL,
  grid_id TEXT NOT NULL,
  -- The fields of its type beyond id, type, at and gridId, as JSON: {"direction":"in","gate":"北门"}.
  detail TEXT NOT NULL,
  -- SHA-256 (hex) of the canonical JSON of the whole event: tells a resend from another event under a used id.
  body_hash TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (caller, id)
) STRICT, WITHOUT ROWID;
CREATE INDEX module_events_at ON module_events(at);
-- House changes count for as long as the world stands, not only today.
CREATE INDEX module_events_houses ON module_events(at) WHERE type = 'building.changed';
