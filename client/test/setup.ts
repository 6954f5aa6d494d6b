/**
 * jsdom has no canvas, no layout and no ResizeObserver. ECharts needs all three to init and draw, so the client tests
 * get a 2D context that records nothing, fixed element sizes, and a ResizeObserver that reports that size once.
 */
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

export const FAKE_WIDTH_PX = 800;
export const FAKE_HEIGHT_PX = 600;

function stubContext(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const noop = (): void => undefined;
  const gradient = { addColorStop: noop };
  const target: Record<string | symbol, unknown> = {
    canvas,
    measureText: (text: string) => ({ width: text.length * 7, actualBoundingBoxAscent: 8, actualBoundingBoxDescent: 2 }),
    createLinearGradient: () => gradient,
    createRadialGradient: () => gradient,
    createPattern: () => null,
    getImageData: (_x: number, _y: number, w: number, h: number) => ({ data: new Uint8ClampedArray(w * h * 4), width: w, height: h }),
    getLineDash: () => [],
    isPointInPath: () => false,
    getTransform: () => ({ a: 1, b: 0, c: 0, d: 1, e: 0, f: 0 }),
  };
  // Any other method (fill, arc, setTransform, …) is a no-op; any property assignment is kept.
  return new Proxy(target, {
    get: (t, key) => (key in t ? t[key] : noop),
    set: (t, key, value) => {
      t[key] = value;
      return true;
    },
  }) as unknown as CanvasRenderingContext2D;
}

const contexts = new WeakMap<HTMLCanvasElement, CanvasRenderingContext2D>();
Object.defineProperty(HTMLCanvasElement.prototype, 'getContext', {
  configurable: true,
  value(this: HTMLCanvasElement, kind: string) {
    if (kind !== '2d') return null;
    let ctx = contexts.get(this);
    if (!ctx) contexts.set(this, (ctx = stubContext(this)));
    return ctx;
  },
});
Object.defineProperty(HTMLCanvasElement.prototype, 'toDataURL', { configurable: true, value: () => 'data:,' });

for (const [key, value] of [
  ['clientWidth', FAKE_WIDTH_PX],
  ['clientHeight', FAKE_HEIGHT_PX],
  ['offsetWidth', FAKE_WIDTH_PX],
  ['offsetHeight', FAKE_HEIGHT_PX],
] as const) {
  Object.defineProperty(HTMLElement.prototype, key, { configurable: true, get: () => value });
}
HTMLElement.prototype.getBoundingClientRect = function getBoundingClientRect(): DOMRect {
  return { x: 0, y: 0, top: 0, left: 0, right: FAKE_WIDTH_PX, bottom: FAKE_HEIGHT_PX, width: FAKE_WIDTH_PX, height: FAKE_HEIGHT_PX, toJSON: () => ({}) };
};

class FakeResizeObserver implements ResizeObserver {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe(target: Element): void {
    const contentRect = target.getBoundingClientRect();
    queueMicrotask(() => this.callback([{ target, contentRect } as ResizeObserverEntry], this));
  }
  unobserve(): void {}
  disconnect(): void {}
}
globalThis.ResizeObserver ??= FakeResizeObserver;

afterEach(() => {
  cleanup();
});
