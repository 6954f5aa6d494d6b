import { io } from 'socket.io-client';

/**
 * The reporter's own tickets, live: the server pushes `ticket:mine` { id, status, at } to a reporter's socket (its
 * session cookie says whose) when one of their tickets changes. The phone then reads its list again.
 */
export interface MineChange {
  id: number;
  status: string;
  at: number;
}

export function watchMine(onChange: (change: MineChange) => void): () => void {
  const socket = io({ transports: ['websocket'], reconnectionDelayMax: 10_000 });
  socket.on('ticket:mine', (c: MineChange) => onChange(c));
  return () => void socket.close();
}
