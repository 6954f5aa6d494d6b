import type { LiveSnapshot, LiveState } from '../domain/live-state.js';
import type { TicketRepository } from './ticket-repository.js';
import type { WorldRepository } from './world-repository.js';

const KEY = 'saved_aggregates';

interface Saved {
  fingerprint: { tickets: number; maxId: number };
  state: LiveSnapshot;
}

/**
 * At a clean shutdown the aggregates are saved beside the tickets; the next start takes them back instead of counting
 * a million tickets again. They are valid only until the next write, so a start removes them at once: after a crash
 * (or any start that did not end cleanly) the next start rebuilds from SQLite. A table changed by another program
 * (other count or highest id) is rebuilt too.
 */
export function restoreAggregates(world: WorldRepository, tickets: TicketRepository, live: LiveState): boolean {
  const raw = world.getMeta(KEY);
  if (!raw) return false;
  world.setMeta(KEY, '');
  let saved: Saved;
  try {
    saved = JSON.parse(raw) as Saved;
  } catch {
    return false;
  }
  const now = tickets.fingerprint();
  if (saved.fingerprint?.tickets !== now.tickets || saved.fingerprint.maxId !== now.maxId || !saved.state) return false;
  live.restore(saved.state, tickets.iterateOpenCounted(saved.state.at));
  return true;
}

export function saveAggregates(world: WorldRepository, tickets: TicketRepository, live: LiveState): void {
  world.setMeta(KEY, JSON.stringify({ fingerprint: tickets.fingerprint(), state: live.exportState() } satisfies Saved));
}
