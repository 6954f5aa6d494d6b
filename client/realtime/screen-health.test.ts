import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { SCREEN_URL_MAX_CHARS } from '../../shared/constants.js';
import { ScreenHealthSchema } from '../../shared/schemas/events.js';
import { createWallStore } from '../store/wall-store.js';
import { makeSnapshot, makeSummary } from '../test/fixtures.js';
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
    store.getState().applySnapshot(makeSnapshot(42, makeSummary()));
    const at = store.getState().lastDataAt!;
    const report = buildHealthReport(store.getState(), 'wall-1', 59.94, at + 1500, '/?scope=321171001');
    expect(report).toMatchObject({ screenId: 'wall-1', scope: '321171001', fps: 59.9, deltaLagMs: 1500, seq: 42, url: '/?scope=321171001' });
    expect(buildHealthReport(createWallStore('321171').getState(), 'w', 0, 0, '').deltaLagMs).toBeNull();
  });

  it('sends only reports the server accepts: the schema holds for a fresh wall, a long query and a real screen id', () => {
    const fresh = buildHealthReport(createWallStore('321171').getState(), screenId(undefined), 0, 0, '/');
    expect(Value.Check(ScreenHealthSchema, fresh)).toBe(true);
    const store = createWallStore('321171102004-01');
    store.getState().applySnapshot(makeSnapshot(7, makeSummary()));
    const long = buildHealthReport(store.getState(), 'wall-0123456789abcdef', 144.44, Date.now(), `/?scope=321171102004-01&x=${'a'.repeat(500)}`);
    expect(long.url).toHaveLength(SCREEN_URL_MAX_CHARS);
    expect([...Value.Errors(ScreenHealthSchema, long)]).toEqual([]);
    // A path is all the server takes: an address of another site is replaced, not sent.
    expect(buildHealthReport(store.getState(), 'w', 60, Date.now(), 'http://evil.example/').url).toBe('/');
  });
});
