import { useEffect, useRef } from 'react';
import { SVGRenderer } from 'echarts/renderers';
import { echarts, type WallChartOption } from '../charts/echarts.js';

// Paper is drawn as vectors: the SVG renderer, registered here only (the wall keeps its canvas).
echarts.use([SVGRenderer]);

/** One chart drawn once as SVG, no animation: paper does not move. */
export function PrintChart({ option, height, testId }: { option: WallChartOption; height: number; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = echarts.init(el, undefined, { renderer: 'svg', height });
    chart.setOption({ ...option, animation: false });
    return () => chart.dispose();
  }, [option, height]);
  return <div className="pchart" ref={ref} style={{ height }} data-testid={testId} />;
}
