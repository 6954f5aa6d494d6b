/**
 * When the rotation started and whether it is held. Paused time does not count: after a pause the scope on the wall
 * keeps what was left of its turn. Folding a finished pause into `startedAt` keeps this constant in size.
 */
export interface RotationClock {
  startedAt: number;
  /** Since when the rotation is held (an urgent interrupt, someone drilled into the map); null while running. */
  pausedSince: number | null;
}

export interface RotationPosition {
  index: number;
  /** Milliseconds of the current turn left (frozen while paused). */
  nextInMs: number;
  paused: boolean;
}

export function startRotation(now: number): RotationClock {
  return { startedAt: now, pausedSince: null };
}

/** Holds the rotation; holding a held one changes nothing. Pure. */
export function pauseRotation(clock: RotationClock, now: number): RotationClock {
  return clock.pausedSince === null ? { ...clock, pausedSince: now } : clock;
}

/** Lets a held rotation go on from where it was. Pure. */
export function resumeRotation(clock: RotationClock, now: number): RotationClock {
  if (clock.pausedSince === null) return clock;
  return { startedAt: clock.startedAt + Math.max(0, now - clock.pausedSince), pausedSince: null };
}

/** Which of `count` scopes shows at `now`, each for `everyMs`, in a loop, and how long until the next. Pure. */
export function rotationAt(count: number, everyMs: number, clock: RotationClock, now: number): RotationPosition {
  const at = clock.pausedSince ?? now;
  const elapsed = Math.max(0, at - clock.startedAt);
  const turn = Math.floor(elapsed / everyMs);
  return { index: count > 0 ? turn % count : 0, nextInMs: everyMs - (elapsed % everyMs), paused: clock.pausedSince !== null };
}
