-- The fixture world: divisions, cells, organisation and standing 人车房物 numbers.
CREATE TABLE towns (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  geometry TEXT NOT NULL,
  centroid_lng REAL NOT NULL,
  centroid_lat REAL NOT NULL
) STRICT;

CREATE TABLE villages (
  code TEXT PRIMARY KEY,
  town_code TEXT NOT NULL REFERENCES towns(code),
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  geometry TEXT NOT NULL,
  centroid_lng REAL NOT NULL,
  centroid_lat REAL NOT NULL
) STRICT;

CREATE TABLE grid_cells (
  id TEXT PRIMARY KEY,
  village_code TEXT NOT NULL REFERENCES villages(code),
  town_code TEXT NOT NULL REFERENCES towns(code),
  name TEXT NOT NULL,
  households INTEGER NOT NULL,
  area_km2 REAL NOT NULL,
  geometry TEXT NOT NULL,
  centroid_lng REAL NOT NULL,
  centroid_lat REAL NOT NULL
) STRICT;

CREATE TABLE service_stations (
  id TEXT PRIMARY KEY,
  grid_id TEXT NOT NULL REFERENCES grid_cells(id),
  name TEXT NOT NULL,
  address TEXT NOT NULL
) STRICT;

CREATE TABLE party_branches (
  id TEXT PRIMARY KEY,
  village_code TEXT NOT NULL REFERENCES villages(code),
  name TEXT NOT NULL
) STRICT;

-- Personal data: served masked, never to the wall.
CREATE TABLE staff (
  id TEXT PRIMARY KEY,
  grid_id TEXT NOT NULL REFERENCES grid_cells(id),
  role TEXT NOT NULL CHECK (role IN ('grid_member', 'central_household', 'info_officer')),
  name TEXT NOT NULL,
  phone TEXT NOT NULL,
  leader_id TEXT REFERENCES staff(id),
  households INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX staff_grid ON staff(grid_id, role);

-- One row per cell: the standing 人车房物 numbers as a JSON object (shared/schemas/summary.ts ModuleStanding).
CREATE TABLE cell_stats (
  grid_id TEXT PRIMARY KEY REFERENCES grid_cells(id),
  standing TEXT NOT NULL
) STRICT;

-- The category catalogue: change deadlines and tiers here, not in code.
CREATE TABLE categories (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  name_en TEXT NOT NULL,
  tier INTEGER NOT NULL CHECK (tier IN (1, 2, 3)),
  response_minutes INTEGER NOT NULL CHECK (response_minutes > 0),
  close_hours INTEGER NOT NULL CHECK (close_hours > 0),
  share REAL NOT NULL
) STRICT;

CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
