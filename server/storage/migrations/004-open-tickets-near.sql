-- The duplicate lookup at intake asks for open tickets of one category inside a small lng/lat box. Indexing (category,
-- lat) over open tickets only lets SQLite range-scan a 500 m band instead of every open ticket of the category.
DROP INDEX IF EXISTS tickets_open_category;
CREATE INDEX tickets_open_near ON tickets(category, lat, lng) WHERE status NOT IN ('closed', 'evaluated', 'rejected', 'merged');
