import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { SCREEN_URL_MAX_CHARS } from '../../shared/constants.js';
import { ScreenHealthSchema } from '../../shared/schemas/events.js';
import { createWallStore } from '../store/wall-store.js';
import { makeSnapshot, makeSummary } from '../test/fixtures.js';
import { buildHealthReport, createScreenIdentity, screenId } from './screen-health.js';

const fakeStorage = () => {
  const storage = new Map<string, string>();
  return { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v) };
};

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

  it('keeps the secret of its first report for this session, sends it, and becomes a new screen when it is refused', () => {
    const local = fakeStorage();
    const session = fakeStorage();
    const identity = createScreenIdentity(local, session);
    const first = identity.current();
    expect(first.secret).toBeNull();
    const secret = 'S'.repeat(32);
    identity.answered({ ok: true, data: { secret } });
    expect(identity.current()).toEqual({ id: first.id, secret });
    // Later answers carry no secret: the one it has stays.
    identity.answered({ ok: true, data: { secret: null } });
    expect(identity.current().secret).toBe(secret);
    // A reload in the same session: same id, same secret.
    expect(createScreenIdentity(local, session).current()).toEqual({ id: first.id, secret });
    const report = buildHealthReport(createWallStore('321171').getState(), first.id, 60, 0, '/', secret);
    expect(Value.Check(ScreenHealthSchema, report)).toBe(true);
    expect(report.secret).toBe(secret);

    // A new browser session has the id but not the secret; the server refuses it, so the screen takes a new id.
    const later = createScreenIdentity(local, fakeStorage());
    expect(later.current()).toEqual({ id: first.id, secret: null });
    later.answered({ ok: false, error: 'Screen id belongs to another screen', field: 'secret' });
    expect(later.current().id).not.toBe(first.id);
    expect(later.current().secret).toBeNull();
    expect(screenId(local)).toBe(later.current().id);
  });
});
