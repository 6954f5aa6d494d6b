import type { Summary } from '../../shared/schemas/summary.js';
import { formatCount, formatRate } from '../format.js';
import { useDrillMessages } from '../i18n/use-drill-messages.js';

/** The scope's rates and counts in one row of tiles (wraps on a tablet). */
export function KpiStrip({ summary }: { summary: Summary }) {
  const t = useDrillMessages();
  const { kpi, tickets } = summary;
  const tiles: { id: string; label: string; value: string; tone?: 'warn' | 'bad' }[] = [
    { id: 'response-rate', label: t.kpi.responseRate, value: formatRate(kpi.responseRate) },
    { id: 'closure-rate', label: t.kpi.closureRate, value: formatRate(kpi.closureRate) },
    { id: 'on-time-rate', label: t.kpi.onTimeRate, value: formatRate(kpi.onTimeRate) },
    { id: 'satisfaction-rate', label: t.kpi.satisfactionRate, value: formatRate(kpi.satisfactionRate) },
    { id: 'open', label: t.kpi.open, value: formatCount(tickets.open), tone: 'warn' },
    { id: 'overdue', label: t.kpi.overdue, value: formatCount(tickets.overdue), tone: tickets.overdue > 0 ? 'bad' : undefined },
    { id: 'total', label: t.kpi.total, value: formatCount(tickets.total) },
  ];
  return (
    <ul className="dkpis" data-testid="drill-kpis">
      {tiles.map((k) => (
        <li key={k.id} className={k.tone ? `dkpi dkpi-${k.tone}` : 'dkpi'}>
          <span className="dkpi-label">{k.label}</span>
          <span className="dkpi-value" data-testid={`drill-kpi-${k.id}`}>
            {k.value}
          </span>
        </li>
      ))}
    </ul>
  );
}
