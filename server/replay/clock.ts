import type { Clock } from '../domain/ports.js';

/** Wall time: the live mode's clock. */
export const wallClock: Clock = { now: () => Date.now() };

/**
 * The replay's virtual clock. While playing at speed s, virtual time runs s times faster than real time from an
 * anchor; speed 0 means "as fast as the machine goes": then the replayer moves the clock itself with set().
 */
export function createReplayClock(start: number, speed: number, realNow: () => number = Date.now) {
  let anchorVirtual = start;
  let anchorReal = realNow();
  let playing = false;
  let currentSpeed = speed;

  const now = () => (playing && currentSpeed > 0 ? anchorVirtual + (realNow() - anchorReal) * currentSpeed : anchorVirtual);
  const reanchor = () => {
    anchorVirtual = now();
    anchorReal = realNow();
  };

  return {
    now: () => Math.floor(now()),
    get playing() {
      return playing;
    },
    get speed() {
      return currentSpeed;
    },
    play(): void {
      reanchor();
      playing = true;
    },
    pause(): void {
      reanchor();
      playing = false;
    },
    setSpeed(speed: number): void {
      reanchor();
      currentSpeed = speed;
    },
    set(t: number): void {
      anchorVirtual = t;
      anchorReal = realNow();
    },
  };
}
export type ReplayClock = ReturnType<typeof createReplayClock>;
