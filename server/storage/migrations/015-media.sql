-- Photos of tickets: private media (docs/privacy.md). The bytes live under MOSHAO_MEDIA_DIR, content-addressed by the
-- sha256 of the re-encoded copy (server/media/file-store.ts), so two rows may share one file. A row starts unattached
-- (ticket_id NULL) when POST /api/media stores it; attaching sets the ticket and its stage (before: the report's photos,
-- after: the 处置后 photos of a handle). Unattached rows older than 24 h are deleted with their files.
-- uploader_key is the caller (account:<id>, token:<id>, or 'anonymous' for residents): never a name or an address.
CREATE TABLE media (
  id TEXT PRIMARY KEY,
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  uploader_key TEXT NOT NULL,
  ticket_id INTEGER REFERENCES tickets(id),
  stage TEXT CHECK (stage IN ('before', 'after')),
  width INTEGER NOT NULL CHECK (width > 0),
  height INTEGER NOT NULL CHECK (height > 0),
  bytes INTEGER NOT NULL CHECK (bytes > 0),
  created_at INTEGER NOT NULL,
  CHECK ((ticket_id IS NULL) = (stage IS NULL))
) STRICT;
-- A ticket's photos (the ticket pages), and the cleanup's scan of unattached rows by age.
CREATE INDEX media_ticket ON media(ticket_id, created_at) WHERE ticket_id IS NOT NULL;
CREATE INDEX media_unattached ON media(created_at) WHERE ticket_id IS NULL;
CREATE INDEX media_sha256 ON media(sha256);

-- Who filed a ticket (a reporter's account, a resident's receipt) is in ticket_reporters (014): the ticket's reporter
-- reads its photos, the 处置后 ones included, without reading the ticket's scope in full.

-- A category whose handle must carry at least one 处置后 photo (POST /api/tickets/:id/transitions answers 422 without).
-- None does by default; an operator sets it: UPDATE categories SET requires_after_photo = 1 WHERE code = '...'.
ALTER TABLE categories ADD COLUMN requires_after_photo INTEGER NOT NULL DEFAULT 0 CHECK (requires_after_photo IN (0, 1));
