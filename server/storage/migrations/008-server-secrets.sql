-- Keys the server makes for itself on first use and keeps across restarts, e.g. 'device_cookie', the HMAC key that
-- signs the device cookies of logins (server/auth/device-cookies.ts). Losing a row costs little: every browser is
-- untrusted again until its next login.
CREATE TABLE server_secrets (
  name TEXT PRIMARY KEY,
  -- base64url of random bytes made by node:crypto.
  value TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
