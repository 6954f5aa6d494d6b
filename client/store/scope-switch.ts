import type { WallState } from './wall-store.js';

/**
 * The store's change when the wall moves to another scope in place (a rotating wall; a plain wall's scope is fixed by
 * its URL). The numbers on screen stay until the new scope's snapshot replaces them (seq null: the old scope's deltas
 * no longer apply); the board, ripples and waiting interrupts keep only what lies inside the new scope, so nothing
 * of another street is shown as this one's; the map returns to the scope's overview. Pure.
 */
export function scopeSwitch(state: WallState, scope: string): Partial<WallState> {
  if (scope === state.scope) return {};
  const inside = (gridId: string) => gridId.startsWith(scope);
  const items = state.board.items.filter((t) => inside(t.gridId));
  const pending = state.interrupt.pending.filter((p) => inside(p.ticket.gridId));
  return {
    scope,
    seq: null,
    mapScope: scope,
    board: items.length === state.board.items.length ? state.board : { ...state.board, items },
    ripples: state.ripples.filter((r) => inside(r.gridId)),
    interrupt: pending.length === state.interrupt.pending.length ? state.interrupt : { ...state.interrupt, pending },
  };
}

/** True while the wall shows the numbers of a scope it has just left (the new snapshot is on its way). */
export function isSwitching(state: Pick<WallState, 'scope' | 'summary'>): boolean {
  return state.summary !== null && state.summary.scope.id !== state.scope;
}
