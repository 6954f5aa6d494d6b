import { formatCount } from '../format.js';
import { useWall } from '../store/index.js';
import { Panel } from './Panel.js';

interface Headline {
  label: string;
  unit: string;
  value: number | null;
  testId?: string;
}

/** The standing organisation and the year's ticket count, in the numeric face. */
export function HeadlineNumbers({ className }: { className?: string }) {
  const counts = useWall((s) => s.summary?.counts ?? null);
  const total = useWall((s) => s.summary?.tickets.total ?? null);
  const items: Headline[] = [
    { label: '网格', unit: '个', value: counts?.gridCells ?? null },
    { label: '中心户', unit: '户', value: counts?.centralHouseholds ?? null },
    { label: '信息员', unit: '人', value: counts?.infoOfficers ?? null },
    { label: '事项总数', unit: '件', value: total, testId: 'kpi-total' },
  ];
  return (
    <Panel title="网格力量" testId="headline-numbers" className={className}>
      <ul className="headline-list">
        {items.map((item) => (
          <li key={item.label} className="headline">
            <span className="headline-label">{item.label}</span>
            <span className="headline-value" data-testid={item.testId}>
              {formatCount(item.value)}
            </span>
            <span className="headline-unit">{item.unit}</span>
          </li>
        ))}
      </ul>
    </Panel>
  );
}
