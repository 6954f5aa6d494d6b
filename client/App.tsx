import { useEffect, useState } from 'react';
import { useWallInput } from './hooks/use-wall-input.js';
import { Wall } from './pages/Wall.js';
import { ReplayCommandContext, type ReplayCommander } from './realtime/realtime-context.js';
import { startWall, stopWall } from './realtime/wall-start.js';
import { parseRotation } from './rotation/parse-rotation.js';
import { runRotation } from './rotation/run-rotation.js';
import { wallStore } from './store/index.js';

/** How often the urgent interrupt is advanced (ended, or the next one started). */
const INTERRUPT_TICK_MS = 1_000;

function WallWithInput() {
  useWallInput();
  return <Wall />;
}

/** Starts the data (socket and HTTP) for the page's store and shows the wall. */
export function App() {
  const [replayCommand, setReplayCommand] = useState<ReplayCommander | null>(null);
  useEffect(() => {
    // Usually started already by main.tsx, before React was loaded.
    const { realtime } = startWall(wallStore);
    // A rotating wall (?rotate=) changes its scope in place; startWall's link follows it.
    const rotation = parseRotation(window.location.search);
    const stopRotation = rotation ? runRotation(wallStore, rotation) : () => {};
    setReplayCommand(() => realtime.replayCommand);
    const interrupts = setInterval(() => wallStore.getState().tickInterrupt(Date.now()), INTERRUPT_TICK_MS);
    return () => {
      clearInterval(interrupts);
      stopRotation();
      stopWall();
    };
  }, []);
  return (
    <ReplayCommandContext.Provider value={replayCommand}>
      <WallWithInput />
    </ReplayCommandContext.Provider>
  );
}
