import { useMemo } from 'react';
import { EChart } from '../charts/EChart.js';
import { registerGridMap } from '../charts/echarts.js';
import { buildMapOption } from '../charts/options/map.js';
import { useUiScale } from '../charts/use-ui-scale.js';
import { useWall } from '../store/index.js';
import { cellsOfScope, MEASURE_LABELS, selectCellValues } from '../store/selectors.js';
import { Panel } from './Panel.js';

/** The scope's grid cells, coloured by open tickets (or households until the server offers per-cell counts). */
export function MapPanel({ className }: { className?: string }) {
  const scope = useWall((s) => s.scope);
  const geo = useWall((s) => s.geo);
  const measures = useWall((s) => s.cellMeasures);
  const scale = useUiScale();

  const cells = useMemo(() => (geo ? cellsOfScope(geo, scope) : null), [geo, scope]);
  // Registering is idempotent per name; it must happen before the option that names the map reaches the chart.
  const mapName = useMemo(() => (cells ? registerGridMap(scope, cells) : null), [cells, scope]);
  const { measure, values } = useMemo(
    () => (cells ? selectCellValues(cells, measures) : { measure: 'households' as const, values: {} }),
    [cells, measures],
  );
  const option = useMemo(
    () =>
      cells && mapName
        ? buildMapOption(cells, values, {
            mapName,
            measureLabel: MEASURE_LABELS[measure],
            palette: measure === 'open' ? 'tickets' : 'households',
            scale,
          })
        : null,
    [cells, mapName, values, measure, scale],
  );

  const count = cells?.features.length ?? 0;
  return (
    <Panel
      title="网格分布"
      testId="map"
      className={className}
      note={cells ? `${count} 个网格 · 按${MEASURE_LABELS[measure]}着色` : null}
    >
      {option ? (
        <EChart option={option} label={`网格地图，按${MEASURE_LABELS[measure]}着色`} />
      ) : (
        <div className="panel-empty">地图加载中…</div>
      )}
      {cells && count === 0 && <div className="panel-empty">此范围没有网格</div>}
    </Panel>
  );
}
