import type { StateCreator } from 'zustand';

/** One town (or village) of the ranking: the few numbers the ranking can sort by. */
export interface RankingRow {
  id: string;
  name: string;
  total: number;
  open: number;
  onTimeRate: number | null;
  satisfactionRate: number | null;
}

export type RankingKpi = 'total' | 'open' | 'onTimeRate' | 'satisfactionRate';
export const RANKING_KPIS: readonly RankingKpi[] = ['onTimeRate', 'satisfactionRate', 'open', 'total'];

export interface RankingSlice {
  /** The scope's children, pushed with its snapshot and deltas (summary-slice.ts); null until the first snapshot. */
  ranking: RankingRow[] | null;
  rankingKpi: RankingKpi;
  setRankingKpi: (kpi: RankingKpi) => void;
}

export const createRankingSlice: StateCreator<RankingSlice, [], [], RankingSlice> = (set) => ({
  ranking: null,
  rankingKpi: 'onTimeRate',
  setRankingKpi: (rankingKpi) => set({ rankingKpi }),
});
