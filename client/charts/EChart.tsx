import { useEffect, useRef } from 'react';
import { echarts, type WallChartOption } from './echarts.js';
import { whenFontsReady } from './fonts.js';

interface EChartProps {
  option: WallChartOption;
  /** Read by screen readers and by the browser test to find the chart. */
  label: string;
  className?: string;
}

/**
 * The one ECharts wrapper: creates the chart once, updates it in place, resizes it with its box and disposes it.
 *
 * The chart's div is absolutely positioned to fill its panel body (see .echart in wall.css). In a CSS grid a canvas in
 * normal flow feeds its own size back into the track size, so every resize would grow the track a little; taken out of
 * flow, the grid alone decides the size and the chart follows it.
 */
export function EChart({ option, label, className }: EChartProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<echarts.ECharts | null>(null);
  // The latest option, for the first draw once fonts are ready (the option may have changed while we waited).
  const optionRef = useRef(option);

  useEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    let disposed = false;
    let observer: ResizeObserver | null = null;

    void whenFontsReady().then(() => {
      if (disposed) return;
      // The real pixel size and density: on a 4K or LED wall the canvas is drawn at native resolution, not scaled up.
      const chart = echarts.init(el, null, {
        renderer: 'canvas',
        devicePixelRatio: window.devicePixelRatio || 1,
        width: Math.max(1, el.clientWidth),
        height: Math.max(1, el.clientHeight),
      });
      chart.setOption(optionRef.current);
      chartRef.current = chart;
      observer = new ResizeObserver((entries) => {
        const box = entries[entries.length - 1]?.contentRect;
        if (!box || box.width < 1 || box.height < 1) return;
        // Explicit sizes: a chart created with a width keeps it on a bare resize().
        chart.resize({ width: Math.round(box.width), height: Math.round(box.height) });
      });
      observer.observe(el);
    });

    return () => {
      disposed = true;
      observer?.disconnect();
      chartRef.current?.dispose();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    optionRef.current = option;
    // Series have stable ids, so a merge updates them in place and animates the change.
    chartRef.current?.setOption(option, { lazyUpdate: true });
  }, [option]);

  return <div ref={containerRef} className={className ? `echart ${className}` : 'echart'} role="img" aria-label={label} />;
}
