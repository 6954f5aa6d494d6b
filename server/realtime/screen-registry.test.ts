import { describe, expect, it } from 'vitest';
import type { ScreenHealth } from '../../shared/events.js';
import { goodReport } from '../test/sockets.js';
import { createScreenRegistry, SCREEN_REGISTRY_MAX_SCREENS } from './screen-registry.js';

const report = (id: string, over: Partial<ScreenHealth> = {}): ScreenHealth => ({ ...(goodReport(id) as ScreenHealth), ...over });

describe('screen registry', () => {
  it('keeps only the schema fields of a report, whatever else the object carries', () => {
    const registry = createScreenRegistry(() => 1000);
    const smuggled = { ...report('wall-a'), injected: '<script>', socketId: 'forged' } as ScreenHealth;
    expect(registry.record('s1', smuggled)).toEqual({ ok: true });
    expect(registry.list()).toEqual([{ ...report('wall-a'), connected: true, reportedAt: 1000 }]);
  });

  it('lets nobody take a connected screen id; the id is free again once its holder disconnects', () => {
    const registry = createScreenRegistry();
    expect(registry.record('real', report('wall-lobby', { fps: 60 })).ok).toBe(true);
    expect(registry.record('impostor', report('wall-lobby', { fps: 1 }))).toMatchObject({ ok: false, error: expect.stringMatching(/another connected screen/) });
    expect(registry.get('wall-lobby')).toEqual({ socketId: 'real', connected: true });
    expect(registry.list()[0].fps).toBe(60);
    // The holder may report again.
    expect(registry.record('real', report('wall-lobby', { fps: 59 })).ok).toBe(true);
    registry.disconnected('real');
    expect(registry.get('wall-lobby')).toEqual({ socketId: 'real', connected: false });
    expect(registry.record('successor', report('wall-lobby', { fps: 30 })).ok).toBe(true);
    expect(registry.get('wall-lobby')).toEqual({ socketId: 'successor', connected: true });
    // The old connection's late disconnect does not touch the new holder.
    registry.disconnected('real');
    expect(registry.get('wall-lobby')?.connected).toBe(true);
  });

  it('gives one connection one screen id', () => {
    const registry = createScreenRegistry();
    expect(registry.record('s1', report('wall-a')).ok).toBe(true);
    expect(registry.record('s1', report('wall-b'))).toMatchObject({ ok: false, error: expect.stringMatching(/already reports as screen "wall-a"/) });
    expect(registry.list().map((s) => s.screenId)).toEqual(['wall-a']);
  });

  it(`holds at most ${SCREEN_REGISTRY_MAX_SCREENS} screens: the longest-disconnected goes first, and a full registry of connected screens refuses`, () => {
    let t = 0;
    const registry = createScreenRegistry(() => t, 3);
    for (const id of ['a', 'b', 'c']) registry.record(`s-${id}`, report(`wall-${id}`));
    expect(registry.record('s-d', report('wall-d'))).toMatchObject({ ok: false, error: expect.stringMatching(/3 connected screens/) });
    t = 10;
    registry.disconnected('s-c');
    t = 20;
    registry.disconnected('s-a');
    expect(registry.record('s-d', report('wall-d')).ok).toBe(true);
    expect(registry.list().map((s) => s.screenId).sort()).toEqual(['wall-a', 'wall-b', 'wall-d']);
    expect(registry.record('s-e', report('wall-e')).ok).toBe(true);
    expect(registry.list().map((s) => s.screenId).sort()).toEqual(['wall-b', 'wall-d', 'wall-e']);
    expect(registry.record('s-f', report('wall-f')).ok).toBe(false);
  });

  it('stays bounded by the default capacity under many screens coming and going', () => {
    const registry = createScreenRegistry();
    for (let i = 0; i < SCREEN_REGISTRY_MAX_SCREENS * 3; i++) {
      expect(registry.record(`s${i}`, report(`wall-${i}`)).ok).toBe(true);
      registry.disconnected(`s${i}`);
    }
    expect(registry.list()).toHaveLength(SCREEN_REGISTRY_MAX_SCREENS);
    expect(registry.get(`wall-${SCREEN_REGISTRY_MAX_SCREENS * 3 - 1}`)).toBeDefined();
    expect(registry.get('wall-0')).toBeUndefined();
  });
});
