import type { ScopeChild } from '../../shared/schemas/drill.js';

export const RANK_KEYS = ['open', 'overdue', 'total', 'responseRate', 'closureRate', 'onTimeRate', 'satisfactionRate'] as const;
export type RankKey = (typeof RANK_KEYS)[number];

export function rankValue(child: ScopeChild, key: RankKey): number | null {
  switch (key) {
    case 'open':
    case 'overdue':
    case 'total':
      return child.tickets[key];
    default:
      return child.kpi[key];
  }
}

export const isRate = (key: RankKey): boolean => key.endsWith('Rate');

/**
 * Children ordered by one number, highest first: for counts the busiest area leads, for rates the best one. A rate with
 * nothing due (null) is not a zero, so those go last; ties keep code order.
 */
export function rankChildren(children: readonly ScopeChild[], key: RankKey): ScopeChild[] {
  return [...children].sort((a, b) => {
    const va = rankValue(a, key);
    const vb = rankValue(b, key);
    if (va === null || vb === null) return va === vb ? a.id.localeCompare(b.id) : va === null ? 1 : -1;
    return vb - va || a.id.localeCompare(b.id);
  });
}
