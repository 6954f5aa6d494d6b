import { describe, expect, it } from 'vitest';
import type { ScreenHealth } from '../../shared/events.js';
import { goodReport } from '../test/sockets.js';
import { createScreenRegistry, SCREEN_REGISTRY_MAX_SCREENS, SCREENS_PER_ADDRESS, wallUrlOf, type RecordResult } from './screen-registry.js';

const report = (id: string, over: Partial<ScreenHealth> = {}): ScreenHealth => ({ ...(goodReport(id) as ScreenHealth), ...over });
const HALL = '10.0.0.5';
const secretOf = (r: RecordResult): string => {
  if (!r.ok || r.secret === null) throw new Error(`no secret in ${JSON.stringify(r)}`);
  return r.secret;
};

describe('screen registry', () => {
  it('keeps only the schema fields of a report, whatever else the object carries, and never the secret', () => {
    const registry = createScreenRegistry(() => 1000);
    const smuggled = { ...report('wall-a'), injected: '<script>', socketId: 'forged' } as ScreenHealth;
    const first = registry.record('s1', smuggled, HALL);
    expect(first).toEqual({ ok: true, secret: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/) });
    expect(registry.record('s1', report('wall-a', { secret: secretOf(first) }), HALL)).toEqual({ ok: true, secret: null });
    const { secret: _secret, ...shown } = report('wall-a');
    expect(registry.list()).toEqual([{ ...shown, connected: true, reportedAt: 1000 }]);
    expect(JSON.stringify(registry.list())).not.toContain(secretOf(first));
  });

  it('keeps of a reported URL only its path and the wall parameters', () => {
    expect(wallUrlOf('/?scope=321171001&name=张三&phone=13800000000')).toBe('/?scope=321171001');
    expect(wallUrlOf('/?rotate=321171,321171001&every=60&token=abc')).toBe('/?rotate=321171%2C321171001&every=60');
    expect(wallUrlOf('/drill/town/321171001?x=1')).toBe('/drill/town/321171001');
    const registry = createScreenRegistry();
    registry.record('s1', report('wall-a', { url: '/?scope=321171&note=private' }), HALL);
    expect(registry.list()[0].url).toBe('/?scope=321171');
  });

  it('lets an id answer only to its secret, connected or not; the owner may come back on a new connection', () => {
    const registry = createScreenRegistry();
    const secret = secretOf(registry.record('real', report('wall-lobby', { fps: 60 }), HALL));
    expect(registry.record('impostor', report('wall-lobby', { fps: 1 }), '203.0.113.9')).toMatchObject({ ok: false, field: 'secret' });
    expect(registry.record('impostor', report('wall-lobby', { secret: 'x'.repeat(32) }), HALL)).toMatchObject({ ok: false, field: 'secret' });
    expect(registry.get('wall-lobby')).toEqual({ socketId: 'real', connected: true });
    expect(registry.list()[0].fps).toBe(60);
    registry.disconnected('real');
    // Gone is not free: without the secret the id stays the wall's.
    expect(registry.record('successor', report('wall-lobby', { fps: 30 }), HALL)).toMatchObject({ ok: false, field: 'secret' });
    expect(registry.get('wall-lobby')).toEqual({ socketId: 'real', connected: false });
    // The wall itself, reloaded: same id, its secret, a new connection.
    expect(registry.record('reloaded', report('wall-lobby', { fps: 59, secret }), HALL)).toEqual({ ok: true, secret: null });
    expect(registry.get('wall-lobby')).toEqual({ socketId: 'reloaded', connected: true });
    // The old connection's late disconnect does not touch it.
    registry.disconnected('real');
    expect(registry.get('wall-lobby')?.connected).toBe(true);
  });

  it('gives one connection one screen id', () => {
    const registry = createScreenRegistry();
    expect(registry.record('s1', report('wall-a'), HALL).ok).toBe(true);
    expect(registry.record('s1', report('wall-b'), HALL)).toMatchObject({ ok: false, error: expect.stringMatching(/already reports as screen "wall-a"/) });
    expect(registry.list().map((s) => s.screenId)).toEqual(['wall-a']);
  });

  it(`registers at most ${SCREENS_PER_ADDRESS} screens per address: its own longest-disconnected make room, others are untouched`, () => {
    let t = 0;
    const registry = createScreenRegistry(() => t);
    expect(registry.record('other', report('wall-other'), '10.0.0.9').ok).toBe(true);
    registry.disconnected('other');
    for (let i = 0; i < SCREENS_PER_ADDRESS; i++) expect(registry.record(`s${i}`, report(`wall-${i}`), HALL).ok).toBe(true);
    expect(registry.record('s-extra', report('wall-extra'), HALL)).toMatchObject({ ok: false, error: expect.stringMatching(/already reports 10 connected screens/) });
    t = 5;
    registry.disconnected('s3');
    expect(registry.record('s-extra', report('wall-extra'), HALL).ok).toBe(true);
    const ids = registry.list().map((s) => s.screenId);
    expect(ids).not.toContain('wall-3');
    expect(ids).toContain('wall-other');
    expect(ids).toHaveLength(SCREENS_PER_ADDRESS + 1);
  });

  it(`holds at most ${SCREEN_REGISTRY_MAX_SCREENS} screens: the longest-disconnected goes first, and a full registry of connected screens refuses`, () => {
    let t = 0;
    const registry = createScreenRegistry(() => t, 3);
    for (const id of ['a', 'b', 'c']) registry.record(`s-${id}`, report(`wall-${id}`), `10.0.1.${id.charCodeAt(0)}`);
    expect(registry.record('s-d', report('wall-d'), '10.0.2.1')).toMatchObject({ ok: false, error: expect.stringMatching(/3 connected screens/) });
    t = 10;
    registry.disconnected('s-c');
    t = 20;
    registry.disconnected('s-a');
    expect(registry.record('s-d', report('wall-d'), '10.0.2.1').ok).toBe(true);
    expect(registry.list().map((s) => s.screenId).sort()).toEqual(['wall-a', 'wall-b', 'wall-d']);
    expect(registry.record('s-e', report('wall-e'), '10.0.2.2').ok).toBe(true);
    expect(registry.list().map((s) => s.screenId).sort()).toEqual(['wall-b', 'wall-d', 'wall-e']);
    expect(registry.record('s-f', report('wall-f'), '10.0.2.3').ok).toBe(false);
  });

  it('stays bounded by the default capacity under many screens coming and going', () => {
    const registry = createScreenRegistry();
    for (let i = 0; i < SCREEN_REGISTRY_MAX_SCREENS * 3; i++) {
      expect(registry.record(`s${i}`, report(`wall-${i}`), `10.1.${i >> 8}.${i & 255}`).ok).toBe(true);
      registry.disconnected(`s${i}`);
    }
    expect(registry.list()).toHaveLength(SCREEN_REGISTRY_MAX_SCREENS);
    expect(registry.get(`wall-${SCREEN_REGISTRY_MAX_SCREENS * 3 - 1}`)).toBeDefined();
    expect(registry.get('wall-0')).toBeUndefined();
  });
});
