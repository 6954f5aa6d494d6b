import type { ScopeDelta, ScopeSnapshot } from '../../shared/events.js';
import type { Summary } from '../../shared/schemas/summary.js';

/** The part of the wall's state that the realtime contract keeps in step with the server. */
export interface SummaryState {
  scope: string;
  summary: Summary | null;
  /** The seq of the last snapshot or delta applied; null until the first snapshot. */
  seq: number | null;
}

/**
 * What applying a delta did:
 * - ok: it was the next one and is applied;
 * - gap: one or more deltas are missing, so the state is stale and the caller must re-subscribe;
 * - ignored: nothing to do (another scope, no snapshot yet, or already contained in the snapshot).
 */
export type DeltaResult = 'ok' | 'gap' | 'ignored';

/** A snapshot replaces everything: it is the server's whole state at `seq`. */
export function applySnapshot(state: SummaryState, snapshot: Pick<ScopeSnapshot, 'seq' | 'summary'>): SummaryState {
  return { ...state, summary: snapshot.summary, seq: snapshot.seq };
}

export function applyDelta(state: SummaryState, delta: ScopeDelta): { result: DeltaResult; state: SummaryState } {
  if (delta.scope !== state.scope || state.summary === null || state.seq === null) return { result: 'ignored', state };
  // A delta at or below our seq was already folded into the snapshot we got (it raced the subscribe ack).
  if (delta.seq <= state.seq) return { result: 'ignored', state };
  if (delta.seq !== state.seq + 1) return { result: 'gap', state };

  // Each patch section is the whole section as it is now, so a shallow replace per section is exact.
  const summary: Summary = { ...state.summary };
  const patch = delta.patch;
  if (patch.clock !== undefined) summary.clock = patch.clock;
  if (patch.tickets !== undefined) summary.tickets = patch.tickets;
  if (patch.kpi !== undefined) summary.kpi = patch.kpi;
  if (patch.series !== undefined) summary.series = patch.series;
  if (patch.modules !== undefined) summary.modules = patch.modules;
  if (patch.supervise !== undefined) summary.supervise = patch.supervise;
  return { result: 'ok', state: { ...state, summary, seq: delta.seq } };
}
