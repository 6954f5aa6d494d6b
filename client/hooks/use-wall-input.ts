import { useEffect } from 'react';
import { useReplayCommand } from '../realtime/realtime-context.js';
import { langStore } from '../i18n/lang-store.js';
import { onPointerActivity } from './on-pointer.js';
import { stepSpeed } from './replay-speeds.js';
import { rotationStore } from '../rotation/run-rotation.js';
import { wallStore } from '../store/index.js';

/** After this long without input, a wall someone clicked into returns to its overview. */
export const IDLE_RETURN_MS = 120_000;
const IDLE_CHECK_MS = 5_000;
/** Pointer moves are frequent; one input stamp per this window is enough. */
const INPUT_STAMP_MS = 1_000;

/**
 * Keyboard shortcuts (space play/pause, +/- speed, i about, l language, r reset view, Esc close) and the idle return
 * to the overview. Keys typed into a form field (the seek date) are left alone.
 */
export function useWallInput(): void {
  const send = useReplayCommand();

  useEffect(() => {
    const store = wallStore;
    let stampedAt = 0;
    const stamp = (): void => {
      const now = Date.now();
      if (now - stampedAt < INPUT_STAMP_MS) return;
      stampedAt = now;
      store.getState().noteInput();
    };
    const onKey = (e: KeyboardEvent): void => {
      stamp();
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA')) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const s = store.getState();
      const replay = s.replay;
      switch (e.key) {
        case ' ':
          if (s.mode === 'demo' && replay) void send({ action: replay.playing ? 'pause' : 'play' });
          break;
        case '+':
        case '=':
        case '-':
          if (s.mode === 'demo' && replay) void send({ action: 'speed', speed: stepSpeed(replay.speed, e.key === '-' ? -1 : 1) });
          break;
        case 'i':
        case 'I':
          s.setAbout(!s.aboutOpen);
          break;
        case 'l':
        case 'L':
          langStore.getState().toggleLang();
          break;
        case 'r':
        case 'R':
          // On a rotating wall the overview is the rotation's first scope: the cycle starts again from there.
          s.resetView();
          rotationStore.getState().restart();
          break;
        case 'Escape':
          s.setAbout(false);
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    const idle = setInterval(() => {
      const s = store.getState();
      if (s.mapScope !== s.scope && Date.now() - s.lastInputAt > IDLE_RETURN_MS) s.resetView();
    }, IDLE_CHECK_MS);
    window.addEventListener('keydown', onKey);
    const offPointer = onPointerActivity(stamp);
    return () => {
      clearInterval(idle);
      window.removeEventListener('keydown', onKey);
      offPointer();
    };
  }, [send]);
}
