import { booleanPointInPolygon } from '@turf/turf';
import { buildGeography } from '../fixtures/geo/build-geography.js';
import { loadGeoSources } from '../fixtures/geo/sources.js';
import { createCellLocator } from '../server/domain/cell-locator.js';
import { log } from './config.js';
import { ratio, type Row } from './lib/table.js';

/** Which cell a reported point is in, for every intake with coordinates: this many µs a call at most. */
const GOAL_US = 20;
const CALLS = 100_000;
/** The baseline tries every cell in turn: slow, so fewer calls give its per-call time. */
const BASELINE_CALLS = 2_000;

/** The same deterministic points over the district for both: a grid of 300 columns. */
const point = (i: number): [number, number] => [119.5 + (i % 300) / 1000, 32.1 + Math.floor(i / 300) / 2000];

/** The cell locator (a grid index, then point-in-polygon on its candidates) against point-in-polygon on every cell. */
export function benchLocate(): Row[] {
  const { divisions, districts } = loadGeoSources();
  const cells = buildGeography(divisions, districts, 7).cells;
  const locate = createCellLocator(cells);
  const timeUs = (calls: number, fn: (lng: number, lat: number) => unknown): number => {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) fn(...point(i));
    return ((performance.now() - t0) * 1000) / calls;
  };
  timeUs(CALLS / 10, locate); // warm-up
  const ours = timeUs(CALLS, locate);
  const baseline = timeUs(BASELINE_CALLS, (lng, lat) => cells.find((c) => booleanPointInPolygon([lng, lat], c.geometry)));
  log(`locate: ${ours.toFixed(2)} µs a call over ${cells.length} cells; every cell in turn ${baseline.toFixed(1)} µs`);
  return [{
    benchmark: `cell locator: which of ${cells.length} cells a point is in`,
    baseline: `${baseline.toFixed(1)} µs every cell in turn`,
    ours: `${ours.toFixed(2)} µs`,
    ratio: ratio(ours, baseline),
    goal: `<= ${GOAL_US} µs a call`,
    verdict: ours <= GOAL_US ? 'met' : 'MISSED',
  }];
}
