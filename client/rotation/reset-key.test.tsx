import { act, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useWallInput } from '../hooks/use-wall-input.js';
import { wallStore } from '../store/index.js';
import { parseRotation } from './parse-rotation.js';
import { runRotation } from './run-rotation.js';

const initial = wallStore.getState();

function Harness() {
  useWallInput();
  return null;
}

const key = (k: string) => act(() => void window.dispatchEvent(new KeyboardEvent('keydown', { key: k })));

beforeEach(() => {
  wallStore.setState(initial, true);
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('key r on a rotating wall', () => {
  it('goes back to the overview: the map and the rotation start again from its first scope', () => {
    const stop = runRotation(wallStore, parseRotation('?rotate=321171001,321171002,321171102&every=10')!);
    render(<Harness />);
    act(() => void vi.advanceTimersByTime(15_000));
    expect(wallStore.getState().scope).toBe('321171002');
    act(() => wallStore.getState().drillTo('321171002003'));
    key('r');
    expect(wallStore.getState().scope).toBe('321171001');
    expect(wallStore.getState().mapScope).toBe('321171001');
    // A whole turn for the first scope, counted from the key.
    act(() => void vi.advanceTimersByTime(9_500));
    expect(wallStore.getState().scope).toBe('321171001');
    act(() => void vi.advanceTimersByTime(500));
    expect(wallStore.getState().scope).toBe('321171002');
    stop();
  });
});
