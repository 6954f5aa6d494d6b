import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { cellAt, pointInGeometry } from '../../client/m/geo.js';
import type { GeoCollection, GeoFeature } from '../../shared/schemas/geo.js';

/** Helpers of the phone app's browser tests (m-*.test.ts): a phone, a place inside a cell, a photo to pick. */

/** A common phone (an iPhone 14's CSS size), upright, touch. */
export const PHONE = { width: 390, height: 844 };
export const MIN_TARGET = 44;

export async function phoneContext(browser: Browser, where: { lng: number; lat: number }): Promise<BrowserContext> {
  return browser.newContext({
    viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN',
    permissions: ['geolocation'], geolocation: { longitude: where.lng, latitude: where.lat, accuracy: 12 },
  });
}

export async function gridCells(baseUrl: string): Promise<GeoFeature[]> {
  return ((await (await fetch(`${baseUrl}/api/geo?level=grid`)).json()) as GeoCollection).features;
}

/** A point well inside a cell: its ring's vertex average, walked toward the first vertex until it is inside. */
export function pointInside(cell: GeoFeature, all: GeoFeature[]): { lng: number; lat: number } {
  const ring = cell.geometry.type === 'Polygon' ? cell.geometry.coordinates[0] : cell.geometry.coordinates[0][0];
  const n = ring.length - 1;
  const c = ring.slice(0, n).reduce(([x, y], [a, b]) => [x + a / n, y + b / n], [0, 0]);
  for (let k = 0; k <= 1; k += 0.05) {
    const p = { lng: c[0] + (ring[0][0] - c[0]) * k, lat: c[1] + (ring[0][1] - c[1]) * k };
    if (pointInGeometry(cell.geometry, p.lng, p.lat) && cellAt(all, p.lng, p.lat)?.id === cell.id) return p;
  }
  throw new Error(`no inside point found for ${cell.id}`);
}

/** A PNG photo of `width`x`height` (a colour gradient): big enough that the phone must cut it to 1600 px. */
export function photoPng(width: number, height: number, seed = 0): Buffer {
  const row = (y: number) => {
    const r = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) r.set([(x + seed * 40) & 255, (y + seed * 90) & 255, (x ^ y) & 255], 1 + x * 3);
    return r;
  };
  const raw = Buffer.concat(Array.from({ length: height }, (_, y) => row(y)));
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** Every visible tappable thing of the app at least MIN_TARGET in both directions, and nothing scrolls sideways. */
export async function expectPhoneFriendly(page: Page, name: string): Promise<void> {
  const audit = await page.evaluate((min) => {
    const small: string[] = [];
    let count = 0;
    for (const el of document.querySelectorAll('.app a[href], .app button, .app input:not([type="file"]):not([type="checkbox"]), .app textarea, .app label.btn-file, .app label.check')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      count++;
      if (r.width < min - 0.5 || r.height < min - 0.5) small.push(`${el.tagName} "${(el.textContent ?? '').trim().slice(0, 20)}" ${Math.round(r.width)}x${Math.round(r.height)}`);
    }
    return { small, count, sideways: document.documentElement.scrollWidth - window.innerWidth };
  }, MIN_TARGET);
  expect(audit.count, name).toBeGreaterThan(0);
  expect(audit.small, `${name}: targets of ${MIN_TARGET} px`).toEqual([]);
  expect(audit.sideways, `${name}: nothing scrolls sideways`).toBeLessThanOrEqual(0);
}

/** The JavaScript files the built /m page loads: its module script and what it preloads, from its HTML. */
export function phoneAppScripts(distDir: string): string[] {
  const html = readFileSync(join(distDir, 'm', 'index.html'), 'utf8');
  return [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
}

/** The outbox's count on the badge (0 when there is no badge). */
export async function waiting(page: Page): Promise<number> {
  const badge = page.getByTestId('outbox-badge');
  return (await badge.count()) ? Number(await badge.getAttribute('data-count')) : 0;
}
