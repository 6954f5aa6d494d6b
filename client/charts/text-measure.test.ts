import { describe, expect, it, vi } from 'vitest';
import { platformApi } from 'zrender/lib/core/platform.js';
import { echarts } from './echarts.js';
import { MEASURES_PER_CANVAS, measuredOnCurrentCanvas, measureText } from './text-measure.js';

describe('text measuring on a canvas that is replaced', () => {
  it('is what ECharts measures with once the wall registers its charts', () => {
    expect(echarts).toBeDefined();
    expect(platformApi.measureText).toBe(measureText);
  });

  it('moves to a fresh canvas after MEASURES_PER_CANVAS strings, so the old one and its text cache can go', () => {
    const create = vi.spyOn(document, 'createElement');
    // Whatever the current canvas has done: fill it, so that the next measure starts a new one.
    while (measuredOnCurrentCanvas() < MEASURES_PER_CANVAS) measureText('x');
    create.mockClear();
    for (let i = 0; i < MEASURES_PER_CANVAS; i++) measureText(`${i}`, '14px sans-serif');
    expect(create.mock.calls.filter(([tag]) => tag === 'canvas')).toHaveLength(1);
    expect(measuredOnCurrentCanvas()).toBe(MEASURES_PER_CANVAS);
    measureText('one more');
    expect(create.mock.calls.filter(([tag]) => tag === 'canvas')).toHaveLength(2);
    expect(measuredOnCurrentCanvas()).toBe(1);
    create.mockRestore();
  });

  it('measures in the font asked for, setting it only when it changes', () => {
    while (measuredOnCurrentCanvas() < MEASURES_PER_CANVAS) measureText('x');
    measureText('first');
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d')!;
    const getContext = vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(ctx);
    while (measuredOnCurrentCanvas() < MEASURES_PER_CANVAS) measureText('x');
    const fonts: string[] = [];
    const measure = vi.spyOn(ctx, 'measureText');
    let font = '';
    Object.defineProperty(ctx, 'font', { configurable: true, get: () => font, set: (v: string) => { font = v; fonts.push(v); } });
    // jsdom's stub measures 7 px a character.
    expect(measureText('12,345', '700 22px sans-serif').width).toBe(42);
    measureText('12,346', '700 22px sans-serif');
    measureText('1', undefined);
    expect(fonts).toEqual(['700 22px sans-serif', '12px sans-serif']);
    expect(measure).toHaveBeenCalledTimes(3);
    getContext.mockRestore();
  });
});
