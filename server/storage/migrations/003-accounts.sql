-- Accounts, sessions, intake tokens and the audit log. Times are wall-clock epoch milliseconds.
CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'district', 'town', 'viewer')),
  -- Only a town supervisor is limited to a town.
  town_code TEXT REFERENCES towns(code),
  -- scrypt$N$r$p$salt$hash (base64url): never the password.
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at INTEGER NOT NULL,
  last_login_at INTEGER,
  CHECK ((role = 'town') = (town_code IS NOT NULL))
) STRICT;

-- The cookie carries a random id; only its SHA-256 is stored, so a copy of the database opens no session.
CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  ip TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_account ON sessions(account_id);
CREATE INDEX sessions_expires ON sessions(expires_at);

-- Bearer tokens of intake clients (create tickets only). Only the SHA-256 of the secret is stored.
CREATE TABLE intake_tokens (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  prefix TEXT NOT NULL,
  secret_hash TEXT NOT NULL UNIQUE,
  created_by INTEGER REFERENCES accounts(id),
  created_at INTEGER NOT NULL,
  revoked_at INTEGER,
  last_used_at INTEGER
) STRICT;

-- Append-only: who did what to what, when and from where.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor_kind TEXT NOT NULL CHECK (actor_kind IN ('account', 'token', 'anonymous')),
  actor_id TEXT,
  actor_name TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '{}',
  ip TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_action ON audit_log(action, id);
