import { createStore } from 'zustand/vanilla';
import { DISTRICT_CODE } from '../../shared/constants.js';
import { scopeSwitch } from '../store/scope-switch.js';
import type { WallStore } from '../store/index.js';
import { scopeKnown } from './known-scopes.js';
import type { RotationPlan, RotationProblem } from './parse-rotation.js';
import { pauseRotation, resumeRotation, rotationAt, startRotation, type RotationClock } from './schedule.js';

/** How often the rotation looks at the time (a switch is at most this late; the progress hint moves this often). */
export const ROTATION_TICK_MS = 500;
/** How long the notice about a bad rotation URL stays up: long enough to read from the room, then the wall is clean. */
export const ROTATION_NOTICE_MS = 30_000;

/** What the wall shows of its rotation: the progress hint, the notice, the about box. */
export interface RotationView {
  scopes: string[];
  everyMs: number;
  index: number;
  nextInMs: number;
  paused: boolean;
  problems: RotationProblem[];
  /** Wall time until which the notice shows; null: no notice. */
  noticeUntil: number | null;
}

export interface RotationStoreState {
  view: RotationView | null;
  /** Starts the cycle again from its first scope (key `r`); nothing when the wall does not rotate. */
  restart: () => void;
}

export const rotationStore = createStore<RotationStoreState>(() => ({ view: null, restart: () => {} }));

/**
 * Drives the wall's scope through the plan: holds while an urgent interrupt shows or someone has drilled into the map,
 * and goes on from where it was after. Codes the world does not have (known once the outlines are in) leave the list
 * and join the notice. The decisions are the pure schedule's; this only reads the time and writes the stores.
 */
export function runRotation(store: WallStore, plan: RotationPlan, now: () => number = Date.now): () => void {
  let clock: RotationClock = startRotation(now());
  let problems = plan.problems;
  let noticeUntil = problems.length > 0 ? now() + ROTATION_NOTICE_MS : null;
  let reportedMissing = false;

  const tick = (): void => {
    const at = now();
    const s = store.getState();
    const missing = plan.scopes.filter((c) => scopeKnown(c, s) === false);
    if (missing.length > 0 && !reportedMissing) {
      reportedMissing = true;
      problems = [...problems, { kind: 'notInWorld', codes: missing }];
      noticeUntil = at + ROTATION_NOTICE_MS;
    }
    const known = plan.scopes.filter((c) => !missing.includes(c));
    const scopes = known.length > 0 ? known : [DISTRICT_CODE];
    const hold = s.interrupt.active !== null || s.mapScope !== s.scope;
    clock = hold ? pauseRotation(clock, at) : resumeRotation(clock, at);
    const position = rotationAt(scopes.length, plan.everyMs, clock, at);
    const target = scopes[position.index];
    // A held rotation stays, unless the wall is on a scope that has just left the list.
    if (target !== s.scope && (!position.paused || !scopes.includes(s.scope))) store.setState(scopeSwitch(s, target));
    rotationStore.setState({
      view: { scopes, everyMs: plan.everyMs, ...position, problems, noticeUntil: noticeUntil !== null && at < noticeUntil ? noticeUntil : null },
    });
  };

  const restart = (): void => {
    clock = startRotation(now());
    tick();
  };
  rotationStore.setState({ restart });
  tick();
  const timer = setInterval(tick, ROTATION_TICK_MS);
  // An interrupt or a drill holds the rotation at once, not at the next tick.
  const unsubscribe = store.subscribe((next, prev) => {
    if (next.interrupt.active !== prev.interrupt.active || next.mapScope !== prev.mapScope) tick();
  });
  return () => {
    clearInterval(timer);
    unsubscribe();
    rotationStore.setState({ view: null, restart: () => {} });
  };
}
