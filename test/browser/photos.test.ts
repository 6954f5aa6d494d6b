import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SESSION_COOKIE, type Me } from '../../shared/schemas/auth.js';
import type { GeoCollection } from '../../shared/schemas/geo.js';
import { phonePhoto } from '../../server/media/test/photos.js';
import { multipartBody } from '../../server/test/tiny-png.js';
import { launchBrowser, type Browser } from './drill-browser.js';
import { describeInChromium } from './guard.js';
import { startApp } from './harness.js';

const PASSWORDS = { admin: 'admin-photos-password', town: 'dingmao-photos-password', viewer: 'viewer-photos-password' };
const DINGMAO = '321171001';

/**
 * The drill ticket page in Chromium: a report's photo and a 处置后 photo, loaded by the page as <img> over the
 * supervisor's session, side by side; the same URLs from a browser without the session get no image.
 */
describeInChromium('ticket photos in Chromium', () => {
  let app: FastifyInstance;
  let baseUrl = '';
  let browser: Browser;
  let page: Page;
  let ticketId = 0;
  let photoIds: string[] = [];

  beforeAll(async () => {
    ({ app, baseUrl } = await startApp({ autoPlay: false, adminPassword: PASSWORDS.admin, demoAccounts: { townPassword: PASSWORDS.town, viewerPassword: PASSWORDS.viewer } }));
    const cells = (await app.inject({ url: '/api/geo?level=grid' })).json<GeoCollection>();
    const gridId = cells.features.find((f) => f.id.startsWith(DINGMAO))!.id;
    const upload = async (headers: Record<string, string>) => {
      const res = await app.inject({
        method: 'POST', url: '/api/media', headers: { ...headers, 'content-type': 'multipart/form-data; boundary=b' },
        payload: multipartBody('b', [{ field: 'file', filename: 'IMG_0001.jpg', type: 'image/jpeg', bytes: await phonePhoto(1200, 900) }]),
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ id: string }>().id;
    };
    const token = { authorization: `Bearer ${app.moshao.intakeToken}` };
    const before = await upload(token);
    const filed = await app.inject({
      method: 'POST', url: '/api/tickets', headers: token,
      payload: { category: 'lamp', title: '路灯不亮（照片测试）', channel: 'mini_program', reporterRole: 'resident', gridId, photos: [before] },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    ticketId = filed.json<{ id: number }>().id;
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'dingmao', password: PASSWORDS.town } });
    const session = { cookie: `${SESSION_COOKIE}=${login.cookies.find((c) => c.name === SESSION_COOKIE)!.value}`, 'x-csrf-token': login.json<Me>().csrfToken };
    const after = await upload(session);
    for (const action of ['accept', 'dispatch', 'start']) {
      expect((await app.inject({ method: 'POST', url: `/api/tickets/${ticketId}/transitions`, headers: session, payload: { action } })).statusCode).toBe(200);
    }
    const handled = await app.inject({ method: 'POST', url: `/api/tickets/${ticketId}/transitions`, headers: session, payload: { action: 'handle', photos: [after] } });
    expect(handled.statusCode, handled.body).toBe(200);
    photoIds = [before, after];
    browser = await launchBrowser((text, url) => url.endsWith('/api/auth/me') && text.includes('401'));
    page = await browser.newPage({ width: 1366, height: 768 });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('shows the report\'s photo beside the 处置后 one, each loaded over the session', async () => {
    await page.goto(`${baseUrl}/drill/ticket/${ticketId}`);
    await page.getByTestId('login-page').waitFor();
    await page.fill('input[name=username]', 'dingmao');
    await page.fill('input[name=password]', PASSWORDS.town);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('photos').waitFor();
    const imgs = page.locator('[data-testid="photos"] img');
    await expect.poll(() => imgs.evaluateAll((els) => els.map((e) => (e as HTMLImageElement).complete && (e as HTMLImageElement).naturalWidth)), { timeout: 15_000 })
      .toEqual([240, 240]); // 1200 x 900 on its side (orientation 6): upright, 240 x 320
    const before = (await page.getByTestId('photos-before').boundingBox())!;
    const after = (await page.getByTestId('photos-after').boundingBox())!;
    expect(Math.abs(before.y - after.y)).toBeLessThan(2);
    expect(after.x).toBeGreaterThan(before.x + before.width - 1);
    expect(browser.problems).toEqual([]);
  });

  it('gives a browser without the session no image at those URLs', async () => {
    const stranger = await launchBrowser();
    try {
      const p = await stranger.newPage({ width: 800, height: 600 });
      for (const id of photoIds) {
        const res = await p.goto(`${baseUrl}/api/media/${id}?size=thumb`);
        expect(res?.status()).toBe(404);
        expect(res?.headers()['content-type']).toMatch(/json/);
      }
    } finally {
      await stranger.close();
    }
  });
});
