import { describe, expect, it } from 'vitest';
import { createWallStore } from '../store/wall-store.js';
import { makeSummary } from '../test/fixtures.js';
import { buildHealthReport, screenId } from './screen-health.js';

describe('screen health', () => {
  it('keeps one screen id per browser', () => {
    const storage = new Map<string, string>();
    const fake = { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v) };
    const id = screenId(fake);
    expect(id).toMatch(/^wall-[0-9a-f]{16}$/);
    expect(screenId(fake)).toBe(id);
  });

  it('reports fps, lag since the last data, seq and scope', () => {
    const store = createWallStore('321171001');
    store.getState().applySnapshot({ seq: 42, summary: makeSummary() });
    const at = store.getState().lastDataAt!;
    const report = buildHealthReport(store.getState(), 'wall-1', 59.94, at + 1500, 'http://x/?scope=321171001');
    expect(report).toMatchObject({ screenId: 'wall-1', scope: '321171001', fps: 59.9, deltaLagMs: 1500, seq: 42, url: 'http://x/?scope=321171001' });
    expect(buildHealthReport(createWallStore('321171').getState(), 'w', 0, 0, '').deltaLagMs).toBeNull();
  });
});
