-- Reporters (信息员 and 中心户 with an account of their own), residents' receipts, and the 民情记录本 rounds.
--
-- The accounts table is rebuilt in SQLite's documented way (new table, copy, drop, rename): its CHECK on role cannot
-- be altered in place. migrate() runs every migration with foreign keys off and checks them all before it commits,
-- so the sessions and intake tokens that reference accounts(id) keep pointing at the same ids in the new table.
CREATE TABLE accounts_new (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'district', 'town', 'viewer', 'reporter')),
  -- Only a town supervisor is limited to a town.
  town_code TEXT REFERENCES towns(code),
  -- Only a reporter is bound to a staff row (and through it to a grid cell). Deferred: re-importing a world deletes
  -- and re-inserts the staff in one transaction, and only a staff id that is gone for good must stop it.
  staff_id TEXT UNIQUE REFERENCES staff(id) DEFERRABLE INITIALLY DEFERRED,
  -- scrypt$N$r$p$salt$hash (base64url): never the password.
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at INTEGER NOT NULL,
  last_login_at INTEGER,
  CHECK ((role = 'town') = (town_code IS NOT NULL)),
  CHECK ((role = 'reporter') = (staff_id IS NOT NULL))
) STRICT;
INSERT INTO accounts_new (id, username, role, town_code, password_hash, disabled, created_at, last_login_at)
  SELECT id, username, role, town_code, password_hash, disabled, created_at, last_login_at FROM accounts;
DROP TABLE accounts;
ALTER TABLE accounts_new RENAME TO accounts;

-- Invitations a supervisor prints on a staff member's 联系卡: one use, a week. Only the SHA-256 of the code is kept.
CREATE TABLE reporter_invitations (
  code_hash TEXT PRIMARY KEY,
  staff_id TEXT NOT NULL,
  created_by INTEGER NOT NULL REFERENCES accounts(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  account_id INTEGER REFERENCES accounts(id)
) STRICT;
CREATE INDEX reporter_invitations_staff ON reporter_invitations(staff_id);

-- Who filed a ticket, for "my reports" and rating: a reporter's account, or a resident's receipt (only its SHA-256).
CREATE TABLE ticket_reporters (
  ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id),
  account_id INTEGER REFERENCES accounts(id),
  receipt_hash TEXT UNIQUE,
  CHECK (account_id IS NOT NULL OR receipt_hash IS NOT NULL)
) STRICT;
CREATE INDEX ticket_reporters_account ON ticket_reporters(account_id, ticket_id) WHERE account_id IS NOT NULL;

-- One 民情记录本 page per central household and day (Asia/Shanghai): the items as JSON, the tickets its faults filed.
CREATE TABLE rounds (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  staff_id TEXT NOT NULL,
  grid_id TEXT NOT NULL,
  date TEXT NOT NULL,
  recorded_at INTEGER NOT NULL,
  items TEXT NOT NULL,
  tickets TEXT NOT NULL DEFAULT '[]',
  faults INTEGER NOT NULL,
  UNIQUE (staff_id, date)
) STRICT;
CREATE INDEX rounds_date_grid ON rounds(date, grid_id);
