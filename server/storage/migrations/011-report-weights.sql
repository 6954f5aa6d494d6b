-- The weights of the monthly report's 综合得分 (server/domain/reports/indicators.ts), one row per weighted indicator,
-- changed by the admin (PUT /api/reports/weights) and shown in every report. Each 0..100; the score divides by the sum
-- of the weights of the indicators that have data, so they need not add up to 100.
CREATE TABLE report_weights (
  indicator TEXT PRIMARY KEY CHECK (indicator IN ('acceptedOnTimeRate', 'closedOnTimeRate', 'satisfactionRate', 'returnRate', 'reworkRate')),
  weight REAL NOT NULL CHECK (weight >= 0 AND weight <= 100),
  updated_at INTEGER NOT NULL
) STRICT;
INSERT INTO report_weights (indicator, weight, updated_at) VALUES
  ('acceptedOnTimeRate', 20, 0),
  ('closedOnTimeRate', 30, 0),
  ('satisfactionRate', 25, 0),
  ('returnRate', 10, 0),
  ('reworkRate', 15, 0);
