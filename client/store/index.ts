import { useStore } from 'zustand';
import { scopeFromSearch } from '../scope-from-url.js';
import { createWallStore, type WallState } from './wall-store.js';

export type { WallState, WallStore } from './wall-store.js';

/** The one store of the page; its scope comes from the URL at load and changes in place only on a rotating wall. */
export const wallStore = createWallStore(scopeFromSearch(globalThis.location?.search ?? ''));

/** Select narrowly: components re-render only when what they select changes. */
export function useWall<T>(selector: (state: WallState) => T): T {
  return useStore(wallStore, selector);
}
