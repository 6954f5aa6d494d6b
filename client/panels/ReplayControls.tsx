import { useEffect, useState } from 'react';
import { REPLAY_YEAR_END_MS, REPLAY_YEAR_START_MS } from '../../shared/constants.js';
import { isoDateOf } from '../format.js';
import { useMessages } from '../i18n/use-messages.js';
import { useReplayCommand } from '../realtime/realtime-context.js';
import { useWall } from '../store/index.js';
import { onPointerActivity } from '../hooks/on-pointer.js';
import { REPLAY_SPEEDS } from '../hooks/replay-speeds.js';
import { yearPosition } from './year-position.js';

/** The controls fade out after this long without the mouse moving: a wall shows data, not buttons. */
export const CONTROLS_HIDE_MS = 4_000;

function useRecentPointer(): boolean {
  const [recent, setRecent] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onMove = (): void => {
      setRecent(true);
      clearTimeout(timer);
      timer = setTimeout(() => setRecent(false), CONTROLS_HIDE_MS);
    };
    const offPointer = onPointerActivity(onMove);
    return () => {
      clearTimeout(timer);
      offPointer();
    };
  }, []);
  return recent;
}

/** Play/pause, speed and seek-by-date for the demo replay, over the socket ('replay:command'; no login unless MOSHAO_DEMO_CONTROLS=supervisors). */
export function ReplayControls() {
  const t = useMessages();
  const mode = useWall((s) => s.mode);
  const replay = useWall((s) => s.replay);
  const clock = useWall((s) => s.summary?.clock ?? null);
  const send = useReplayCommand();
  const recent = useRecentPointer();
  const [focused, setFocused] = useState(false);
  const [date, setDate] = useState('');
  if (mode !== 'demo' || !replay) return null;
  const position = (at: number) => {
    const p = yearPosition(at);
    return t.replay.position(p.day, p.percent);
  };

  const visible = recent || focused;
  const seekTo = date || (clock !== null ? isoDateOf(clock) : '');
  return (
    <div
      className={visible ? 'replay-controls visible' : 'replay-controls'}
      data-testid="replay-controls"
      onFocus={() => setFocused(true)}
      onBlur={() => setFocused(false)}
    >
      <button type="button" className="control play" onClick={() => void send({ action: replay.playing ? 'pause' : 'play' })}>
        {replay.playing ? `❚❚ ${t.replay.pause}` : `▶ ${t.replay.play}`}
      </button>
      <span className="control-label">{t.replay.speed}</span>
      {REPLAY_SPEEDS.map((speed) => (
        <button
          key={speed}
          type="button"
          className={speed === replay.speed ? 'control speed active' : 'control speed'}
          onClick={() => void send({ action: 'speed', speed })}
        >
          {speed === 0 ? t.replay.max : `${speed}×`}
        </button>
      ))}
      <input
        type="date"
        className="control date"
        min={isoDateOf(REPLAY_YEAR_START_MS)}
        max={isoDateOf(REPLAY_YEAR_END_MS - 1)}
        value={seekTo}
        onChange={(e) => setDate(e.target.value)}
      />
      <button type="button" className="control" disabled={!seekTo} onClick={() => void send({ action: 'seek', to: `${seekTo}T00:00:00+08:00` })}>
        {t.replay.seek}
      </button>
      {clock !== null && <span className="control-label" data-testid="year-position">{position(clock)}</span>}
      <span className="control-hint">{t.replay.hint}</span>
    </div>
  );
}
