import { useEffect, useRef, type RefObject } from 'react';
import { flushSync } from 'react-dom';
import { currentUiScale } from '../charts/use-ui-scale.js';

/** The board's scroll speed, in design pixels (1080p) per second: readable from across the room. */
export const BOARD_SPEED_PX_PER_S = 22;
/** After a hidden tab or a long task, never move more than this in one frame: no jump, no catch-up. */
const MAX_FRAME_MS = 100;
const REMEASURE_MS = 1_000;

export interface MarqueeState {
  /** Pixels the track has moved up past its first row. */
  offset: number;
  rowHeight: number;
  /** The track is taller than the viewport, so it scrolls. */
  scrolling: boolean;
}

/**
 * Scrolls `track` up inside `viewport` at a constant speed, driven by requestAnimationFrame and a transform (no
 * layout per frame). When the first row has gone past the top, `onRotate` moves it to the end and the offset drops by
 * one row in the same frame (flushSync), so the picture does not move. Position is integrated from frame times, so
 * inserted rows never change the speed. Returns the live state for callers that need to know what is visible.
 */
export function useMarquee(
  viewport: RefObject<HTMLElement | null>,
  track: RefObject<HTMLElement | null>,
  onRotate: () => void,
): RefObject<MarqueeState> {
  const state = useRef<MarqueeState>({ offset: 0, rowHeight: 0, scrolling: false });
  const rotate = useRef(onRotate);
  rotate.current = onRotate;

  useEffect(() => {
    let handle = 0;
    let last = 0;
    let measuredAt = -Infinity;
    const frame = (ts: number): void => {
      handle = requestAnimationFrame(frame);
      const vp = viewport.current;
      const tr = track.current;
      const s = state.current;
      if (!vp || !tr) return;
      if (ts - measuredAt > REMEASURE_MS) {
        measuredAt = ts;
        const first = tr.firstElementChild as HTMLElement | null;
        s.rowHeight = first ? first.getBoundingClientRect().height : 0;
        s.scrolling = s.rowHeight > 0 && tr.scrollHeight > vp.clientHeight + s.rowHeight;
      }
      const dt = last === 0 ? 0 : Math.min(MAX_FRAME_MS, ts - last);
      last = ts;
      if (!s.scrolling) {
        if (s.offset !== 0) {
          s.offset = 0;
          tr.style.transform = '';
        }
        return;
      }
      s.offset += (BOARD_SPEED_PX_PER_S * currentUiScale() * dt) / 1000;
      if (s.offset >= s.rowHeight) {
        s.offset -= s.rowHeight;
        flushSync(() => rotate.current());
      }
      tr.style.transform = `translate3d(0, ${-s.offset.toFixed(2)}px, 0)`;
    };
    handle = requestAnimationFrame(frame);
    return () => cancelAnimationFrame(handle);
  }, [viewport, track]);

  return state;
}
