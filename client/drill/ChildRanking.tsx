import { useState } from 'react';
import type { ScopeChild } from '../../shared/schemas/drill.js';
import { formatCount, formatRate } from '../format.js';
import { useDrillMessages } from '../i18n/use-drill-messages.js';
import { Link } from './Link.js';
import { Options } from './Options.js';
import { isRate, RANK_KEYS, rankChildren, rankValue, type RankKey } from './ranking.js';
import { scopePath } from './router.js';

const CONTEXT_KEYS: readonly RankKey[] = ['open', 'overdue', 'total', 'onTimeRate'];

/** The scope's children ranked by a chosen KPI; each row drills into that child. */
export function ChildRanking({ items }: { items: readonly ScopeChild[] }) {
  const t = useDrillMessages();
  const [key, setKey] = useState<RankKey>('open');
  const ranked = rankChildren(items, key);
  // The chosen KPI first, then the usual columns without repeating it.
  const others = CONTEXT_KEYS.filter((k) => k !== key);
  const show = (c: ScopeChild, k: RankKey) => (isRate(k) ? formatRate(rankValue(c, k)) : formatCount(rankValue(c, k)));
  return (
    <div className="drank">
      <label className="dfield-inline">
        {t.rankBy}
        <select value={key} onChange={(e) => setKey(e.target.value as RankKey)} data-testid="rank-key">
          <Options values={RANK_KEYS} label={(k) => t.kpi[k]} />
        </select>
      </label>
      <table className="dtable">
        <thead>
          <tr>
            <th>#</th>
            <th />
            <th>{t.kpi[key]}</th>
            {others.map((k) => (
              <th key={k}>{t.kpi[k]}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {ranked.map((c, i) => (
            <tr key={c.id} data-testid="child-row" data-scope={c.id}>
              <td className="num">{i + 1}</td>
              <td>
                <Link to={scopePath(c.id)} className="drow-link">
                  {c.name}
                </Link>
              </td>
              <td className="num strong">{show(c, key)}</td>
              {others.map((k) => (
                <td key={k} className={k === 'overdue' && c.tickets.overdue > 0 ? 'num bad' : 'num'}>
                  {show(c, k)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
