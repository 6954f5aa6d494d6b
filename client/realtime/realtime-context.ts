import { createContext, useContext } from 'react';
import type { Ack } from '../../shared/events.js';
import type { ReplayCommand, ReplayState } from '../../shared/schemas/common.js';

export type ReplayCommander = (cmd: ReplayCommand) => Promise<Ack<ReplayState>>;

/** The socket's replay command, for the controls and the keyboard; the socket itself stays in socket.ts. */
export const ReplayCommandContext = createContext<ReplayCommander | null>(null);

export function useReplayCommand(): ReplayCommander {
  const send = useContext(ReplayCommandContext);
  return send ?? (async () => ({ ok: false, error: 'no realtime connection' }));
}
