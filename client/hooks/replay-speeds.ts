/** The replay speeds the controls offer, slowest first; 0 is "as fast as the machine goes", the fastest. */
export const REPLAY_SPEEDS = [1, 60, 600, 3600, 0] as const;

/** The next speed up (+1) or down (-1) from the current one; stays at the ends. Pure. */
export function stepSpeed(current: number, direction: 1 | -1): number {
  const at = REPLAY_SPEEDS.findIndex((s) => s === current);
  // A speed set elsewhere (the API allows any): go to the nearest offered one in that direction.
  const index =
    at >= 0
      ? at + direction
      : direction > 0
        ? REPLAY_SPEEDS.findIndex((s) => s === 0 || s > current)
        : REPLAY_SPEEDS.findLastIndex((s) => s !== 0 && s < current);
  return REPLAY_SPEEDS[Math.min(REPLAY_SPEEDS.length - 1, Math.max(0, index))];
}
