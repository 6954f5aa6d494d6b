-- An Idempotency-Key belongs to the caller that sent it: token B reusing token A's key files its own ticket instead of
-- getting A's back. The hash of the request body tells a retry (same body: the same ticket again) from a different
-- request under a reused key (refused). Keys from before had no known caller or body; they are dropped, since a retry
-- comes seconds after its first attempt, not across an upgrade.
DROP TABLE idempotency_keys;
CREATE TABLE idempotency_keys (
  -- 'token:<id>' ('token:configured' for MOSHAO_INTAKE_TOKEN) or 'account:<id>'.
  caller TEXT NOT NULL,
  key TEXT NOT NULL,
  -- SHA-256 (hex) of the canonical JSON of the validated body.
  body_hash TEXT NOT NULL,
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (caller, key)
) STRICT, WITHOUT ROWID;
