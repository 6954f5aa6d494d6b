import { describe, expect, it } from 'vitest';
import { REPLAY_SPEED_MAX, REPLAY_YEAR_END_MS, REPLAY_YEAR_START_MS } from './constants.js';
import { parseReplayCommand } from './replay-command.js';

describe('parseReplayCommand', () => {
  it('passes play and pause, a speed within 0..REPLAY_SPEED_MAX, and a seek with "to" turned into epoch ms', () => {
    expect(parseReplayCommand({ action: 'play' })).toEqual({ ok: true, command: { action: 'play' } });
    expect(parseReplayCommand({ action: 'pause' })).toEqual({ ok: true, command: { action: 'pause' } });
    for (const speed of [0, 1, 0.5, 600, REPLAY_SPEED_MAX]) {
      expect(parseReplayCommand({ action: 'speed', speed })).toEqual({ ok: true, command: { action: 'speed', speed } });
    }
    expect(parseReplayCommand({ action: 'seek', to: '2023-03-01T00:00:00+08:00' })).toEqual({ ok: true, command: { action: 'seek', to: Date.UTC(2023, 1, 28, 16) } });
    expect(parseReplayCommand({ action: 'seek', to: '2023-06-15T02:00:00.250Z' })).toEqual({ ok: true, command: { action: 'seek', to: Date.UTC(2023, 5, 15, 2, 0, 0, 250) } });
    expect(parseReplayCommand({ action: 'seek', to: REPLAY_YEAR_START_MS })).toEqual({ ok: true, command: { action: 'seek', to: REPLAY_YEAR_START_MS } });
    expect(parseReplayCommand({ action: 'seek', to: REPLAY_YEAR_END_MS })).toEqual({ ok: true, command: { action: 'seek', to: REPLAY_YEAR_END_MS } });
  });

  const refused: [string, unknown, string | undefined, RegExp][] = [
    ['not an object', null, undefined, /must be an object/],
    ['an array', [{ action: 'play' }], undefined, /must be an object/],
    ['a string', 'play', undefined, /must be an object/],
    ['no action', {}, 'action', /"action" is required/],
    ['an unknown action', { action: 'rewind' }, 'action', /one of: play, pause, seek, speed/],
    ['a negative speed', { action: 'speed', speed: -5 }, 'speed', /from 0 .* to 1000000/],
    ['a speed in words', { action: 'speed', speed: 'fast' }, 'speed', /"speed" must be a number/],
    ['NaN', { action: 'speed', speed: Number.NaN }, 'speed', /"speed"/],
    ['Infinity', { action: 'speed', speed: Number.POSITIVE_INFINITY }, 'speed', /"speed"/],
    ['a speed over the maximum', { action: 'speed', speed: REPLAY_SPEED_MAX + 1 }, 'speed', /"speed"/],
    ['speed without a speed', { action: 'speed' }, 'speed', /needs "speed"/],
    ['seek without "to"', { action: 'seek' }, 'to', /needs "to"/],
    ['a date in words', { action: 'seek', to: 'yesterday' }, 'to', /ISO date-time/],
    ['a date without time and zone', { action: 'seek', to: '2023-03-01' }, 'to', /with its zone/],
    ['a time before 2023 in Shanghai', { action: 'seek', to: '2022-12-31T23:59:59+08:00' }, 'to', /within 2023/],
    ['epoch ms after 2023', { action: 'seek', to: REPLAY_YEAR_END_MS + 1 }, 'to', /within 2023/],
    ['"to" on another action', { action: 'play', to: REPLAY_YEAR_START_MS }, 'to', /only with action "seek"/],
    ['"speed" on another action', { action: 'seek', to: REPLAY_YEAR_START_MS, speed: 1 }, 'speed', /only with action "speed"/],
    ['an extra field', { action: 'play', injected: '<script>' }, 'injected', /not a field/],
    ['a huge string', { action: 'seek', to: 'x'.repeat(100_000) }, 'to', /"to"/],
  ];
  for (const [what, input, field, message] of refused) {
    it(`refuses ${what}, naming ${field ?? 'the command'}`, () => {
      const parsed = parseReplayCommand(input);
      expect(parsed.ok).toBe(false);
      if (parsed.ok) return;
      expect(parsed.field).toBe(field);
      expect(parsed.message).toMatch(message);
    });
  }
});
