import { render, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildGaugeOption } from './options/gauge.js';

/** document.fonts whose loads finish only when the test says so (jsdom has no FontFaceSet). */
function slowFonts(): () => void {
  let finish = (): void => undefined;
  const loaded = new Promise<void>((resolve) => (finish = resolve));
  Object.defineProperty(document, 'fonts', { configurable: true, value: { load: () => loaded.then(() => []), ready: loaded } });
  return finish;
}

afterEach(() => {
  delete (document as { fonts?: unknown }).fonts;
});

describe('EChart before the web fonts are in', () => {
  it('draws the map at once and again from scratch when the fonts arrive; other charts wait for them', async () => {
    const finish = slowFonts();
    vi.resetModules(); // fonts.ts keeps its wait per page: a fresh one that sees the slow fonts
    const { EChart } = await import('./EChart.js');
    const { echarts } = await import('./echarts.js');
    const { container } = render(
      <>
        <EChart option={buildGaugeOption(0.5, '响应率')} label="early" drawBeforeFonts />
        <EChart option={buildGaugeOption(0.5, '响应率')} label="waits" />
      </>,
    );
    const [early, waits] = [...container.querySelectorAll<HTMLDivElement>('.echart')];
    const chart = echarts.getInstanceByDom(early);
    expect(chart).toBeDefined();
    expect(echarts.getInstanceByDom(waits)).toBeUndefined();
    const setOption = vi.spyOn(chart!, 'setOption');

    finish();
    await waitFor(() => expect(echarts.getInstanceByDom(waits)).toBeDefined());
    expect(setOption).toHaveBeenCalledTimes(1);
    expect(setOption.mock.calls[0][1]).toEqual({ notMerge: true });
  });
});
