import { useShallow } from 'zustand/react/shallow';
import { useMessages } from '../i18n/use-messages.js';
import { useWall } from '../store/index.js';
import { FlopCounter } from './FlopCounter.js';

/**
 * The headline strip: tickets today and this year (in the demo the year is the replayed 2023, so tickets.total),
 * open, overdue, urgent needs solved, and the standing organisation — as rolling digit counters.
 */
export function HeadlineCounters({ className }: { className?: string }) {
  const t = useMessages();
  const n = useWall(
    useShallow((s) => ({
      today: s.summary?.tickets.today ?? null,
      total: s.summary?.tickets.total ?? null,
      open: s.summary?.tickets.open ?? null,
      overdue: s.summary?.tickets.overdue ?? null,
      urgentSolved: s.summary?.tickets.urgentSolved ?? null,
      centralHouseholds: s.summary?.counts.centralHouseholds ?? null,
      officers: s.summary?.counts.infoOfficers ?? null,
    })),
  );
  const items = [
    { key: 'today', label: t.counters.today, unit: t.units.item, value: n.today },
    { key: 'total', label: t.counters.year, unit: t.units.item, value: n.total, testId: 'kpi-total' },
    { key: 'open', label: t.counters.open, unit: t.units.item, value: n.open },
    { key: 'overdue', label: t.counters.overdue, unit: t.units.item, value: n.overdue, warn: (n.overdue ?? 0) > 0 },
    { key: 'urgent', label: t.counters.urgentSolved, unit: t.units.item, value: n.urgentSolved },
    { key: 'central', label: t.counters.centralHouseholds, unit: t.units.household, value: n.centralHouseholds },
    { key: 'officers', label: t.counters.officers, unit: t.units.person, value: n.officers },
  ];
  return (
    <section className={`counters ${className ?? ''}`} data-testid="headline-numbers" aria-label={t.counters.year}>
      {items.map((item) => (
        <div key={item.key} className={item.warn ? 'counter counter-warn' : 'counter'}>
          <span className="counter-label">{item.label}</span>
          <span className="counter-value">
            <FlopCounter value={item.value} locale={t.locale} testId={item.testId} />
            {item.unit && <span className="counter-unit">{item.unit}</span>}
          </span>
        </div>
      ))}
    </section>
  );
}
