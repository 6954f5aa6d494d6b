import { act, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReplayCommand } from '../../shared/schemas/common.js';
import { langStore } from '../i18n/lang-store.js';
import { ReplayCommandContext } from '../realtime/realtime-context.js';
import { wallStore } from '../store/index.js';
import { IDLE_RETURN_MS, useWallInput } from './use-wall-input.js';

const initial = wallStore.getState();

function Harness() {
  useWallInput();
  return null;
}

function setup() {
  const sent: ReplayCommand[] = [];
  const send = async (cmd: ReplayCommand) => {
    sent.push(cmd);
    return { ok: false as const, error: 'test' };
  };
  render(
    <ReplayCommandContext.Provider value={send}>
      <Harness />
    </ReplayCommandContext.Provider>,
  );
  return sent;
}

const key = (k: string) => act(() => void window.dispatchEvent(new KeyboardEvent('keydown', { key: k })));

beforeEach(() => wallStore.setState(initial, true));
afterEach(() => vi.useRealTimers());

describe('useWallInput', () => {
  it('drives the replay from the keyboard: space, + and -', () => {
    const sent = setup();
    act(() => wallStore.getState().setReplay({ mode: 'demo', playing: true, speed: 60, clock: 0, loop: true }));
    key(' ');
    key('+');
    key('-');
    expect(sent).toEqual([{ action: 'pause' }, { action: 'speed', speed: 600 }, { action: 'speed', speed: 1 }]);
  });

  it('toggles the about box (i, Esc), the language (l) and resets the view (r)', () => {
    setup();
    key('i');
    expect(wallStore.getState().aboutOpen).toBe(true);
    key('Escape');
    expect(wallStore.getState().aboutOpen).toBe(false);
    key('l');
    expect(langStore.getState().lang).toBe('en');
    key('l');
    expect(langStore.getState().lang).toBe('zh');
    act(() => wallStore.getState().drillTo('321171001'));
    key('r');
    expect(wallStore.getState().mapScope).toBe('321171');
  });

  it('leaves the replay alone in live mode', () => {
    const sent = setup();
    act(() => wallStore.getState().setMode('live'));
    key(' ');
    expect(sent).toEqual([]);
  });

  it('returns to the overview after two quiet minutes', () => {
    vi.useFakeTimers();
    setup();
    act(() => {
      wallStore.getState().noteInput();
      wallStore.getState().drillTo('321171002');
    });
    act(() => void vi.advanceTimersByTime(IDLE_RETURN_MS - 10_000));
    expect(wallStore.getState().mapScope).toBe('321171002');
    act(() => void vi.advanceTimersByTime(20_000));
    expect(wallStore.getState().mapScope).toBe('321171');
  });
});
