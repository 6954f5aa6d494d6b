import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../shared/schemas/auth.js';
import type { GeoFeature } from '../../shared/schemas/geo.js';
import { describeInChromium } from './guard.js';
import { browserSuite, screenshotPath, watchProblems } from './harness.js';
import { expectPhoneFriendly, gridCells, phoneContext, photoPng, pointInside, waiting } from './m-phone.js';

/**
 * The phone app against the real server, as its people use it: a 信息员 activates and reports (online, then offline:
 * both arrive, once), a 中心户 does the day's rounds with a fault and a ticket is filed, a supervisor closes the
 * reporter's ticket and the reporter rates it; a resident reports from a poster and follows the receipt.
 */
const ADMIN_PASSWORD = 'admin-phone-app-password';
const PASSWORD = 'my-own-phone-passphrase';
const DINGMAO = '321171001';

describeInChromium('the phone app with its server (390x844, touch, GPS)', () => {
  const suite = browserSuite({ autoPlay: false, adminPassword: ADMIN_PASSWORD });
  let cells: GeoFeature[] = [];

  const admin = async (app: FastifyInstance) => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(res.statusCode, res.body).toBe(200);
    return { cookie: `${SESSION_COOKIE}=${res.cookies.find((c) => c.name === SESSION_COOKIE)!.value}`, 'x-csrf-token': res.json().csrfToken as string };
  };
  const staffOf = (role: string, skip = 0) =>
    suite.app.moshao.db.prepare('SELECT id, grid_id AS gridId FROM staff WHERE role = ? AND grid_id LIKE ? ORDER BY id LIMIT 1 OFFSET ?')
      .get(role, `${DINGMAO}%`, skip) as { id: string; gridId: string };
  const invite = async (staffId: string): Promise<string> => {
    const res = await suite.app.inject({ method: 'POST', url: '/api/reporters/invitations', payload: { staffId }, headers: await admin(suite.app) });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().code as string;
  };
  const ticketsWith = (description: string) =>
    suite.app.moshao.db.prepare('SELECT id, channel, reporter_role AS reporterRole, status, rating FROM tickets WHERE description = ?').all(description) as
      { id: number; channel: string; reporterRole: string; status: string; rating: number | null }[];
  const photosOf = (ticketId: number) =>
    suite.app.moshao.db.prepare('SELECT stage FROM media WHERE ticket_id = ?').all(ticketId) as { stage: string }[];

  const activate = async (page: Page, code: string) => {
    await page.goto(`${suite.baseUrl}/m/activate?code=${code}`);
    await page.getByTestId('password').fill(PASSWORD);
    await page.getByTestId('confirm').fill(PASSWORD);
    await page.getByTestId('submit-activate').tap();
    await page.getByTestId('activated').waitFor();
  };
  const fileReport = async (page: Page, category: string, description: string, photos: Buffer[] = []) => {
    await page.locator(`[data-category="${category}"]`).tap();
    await page.getByTestId('use-gps').tap();
    await page.getByTestId('gps-accuracy').waitFor();
    await page.getByTestId('description').fill(description);
    if (photos.length) {
      await page.getByTestId('photo-input').setInputFiles(photos.map((buffer, i) => ({ name: `photo-${i}.png`, mimeType: 'image/png', buffer })));
      await expect.poll(() => page.locator('.thumb img').count()).toBe(photos.length);
    }
    await page.getByTestId('submit-report').tap();
    await page.getByTestId('report-done').waitFor();
    return (await page.getByTestId('report-done').getAttribute('data-queued')) === 'true';
  };

  it('a 信息员 activates, reports with two photos, reports again offline; back online both arrive, once', async () => {
    cells = await gridCells(suite.baseUrl);
    const officer = staffOf('info_officer', 3);
    const cell = cells.find((c) => c.id === officer.gridId)!;
    const context = await phoneContext(suite.browser, pointInside(cell, cells));
    const page = await context.newPage();
    const problems = watchProblems(page);
    try {
      await activate(page, await invite(officer.id));
      await page.goto(`${suite.baseUrl}/m/`);
      await page.getByRole('link', { name: '上报问题' }).tap();
      await page.getByTestId('report-page').waitFor();
      await page.locator('[data-category]').first().waitFor();
      const first = '楼道路灯坏了三天';
      expect(await fileReport(page, 'lamp', first, [photoPng(2400, 1800, 1), photoPng(1200, 2000, 2)])).toBe(false);
      expect(photosOf(ticketsWith(first)[0].id)).toEqual([{ stage: 'before' }, { stage: 'before' }]);

      await context.setOffline(true);
      await page.getByRole('button', { name: '再报一件' }).tap();
      const second = '小区门口井盖松动';
      expect(await fileReport(page, 'road', second, [photoPng(3000, 1000, 4)])).toBe(true);
      expect(await waiting(page)).toBe(1);
      {
        // What waits on the phone is already cut: a JPEG of at most 1600 px, not the 3000 px original.
        const kept = await page.evaluate(async () => {
          const db = await new Promise<IDBDatabase>((resolve) => { const q = indexedDB.open('moshao-m'); q.onsuccess = () => resolve(q.result); });
          const items = await new Promise<{ photos: { blob: Blob }[] }[]>((resolve) => {
            const q = db.transaction('outbox').objectStore('outbox').getAll();
            q.onsuccess = () => resolve(q.result as { photos: { blob: Blob }[] }[]);
          });
          const blob = items[0].photos[0].blob;
          const bitmap = await createImageBitmap(blob);
          return { type: blob.type, width: bitmap.width, height: bitmap.height };
        });
        expect(kept).toEqual({ type: 'image/jpeg', width: 1600, height: 533 });
      }
      expect(ticketsWith(second)).toEqual([]);
      await page.screenshot({ path: screenshotPath('m-flow-offline.png'), fullPage: true });

      await context.setOffline(false);
      await expect.poll(() => waiting(page), { timeout: 30_000 }).toBe(0);
      // Each once, as the officer: the server's Idempotency-Key answers a resent report with the first ticket.
      for (const words of [first, second]) {
        expect(ticketsWith(words)).toEqual([expect.objectContaining({ channel: 'info_officer', reporterRole: 'info_officer' })]);
      }
      expect(photosOf(ticketsWith(second)[0].id)).toEqual([{ stage: 'before' }]);

      await page.goto(`${suite.baseUrl}/m/mine`);
      await page.locator('[data-ticket-id]').first().waitFor();
      expect(await page.locator('[data-ticket-id]').count()).toBe(2);
      expect(await page.locator(`[data-ticket-id="${ticketsWith(first)[0].id}"] img`).count()).toBe(2);
      await expectPhoneFriendly(page, 'mine');

      // A supervisor closes the first: the phone hears it on its socket and asks for a rating.
      const id = ticketsWith(first)[0].id;
      const headers = await admin(suite.app);
      for (const action of ['accept', 'dispatch', 'start', 'handle', 'close']) {
        const res = await suite.app.inject({ method: 'POST', url: `/api/tickets/${id}/transitions`, payload: { action }, headers });
        expect(res.statusCode, res.body).toBe(200);
      }
      const mine = page.locator(`[data-ticket-id="${id}"]`);
      await expect.poll(() => mine.getAttribute('data-status'), { timeout: 15_000 }).toBe('closed');
      await mine.locator('[data-stars="4"]').tap();
      await mine.getByTestId('rating-comment').fill('修得很快');
      await mine.getByTestId('submit-rating').tap();
      await expect.poll(() => mine.getAttribute('data-status')).toBe('evaluated');
      expect(ticketsWith(first)[0]).toMatchObject({ status: 'evaluated', rating: 4 });
      await page.screenshot({ path: screenshotPath('m-flow-mine.png'), fullPage: true });
      // Chromium logs each request tried while offline; nothing else may go wrong.
      expect(problems.filter((p) => !p.includes('net::ERR_INTERNET_DISCONNECTED'))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a 中心户 does the day\'s rounds with one fault: a ticket is filed and the last 30 days show it', async () => {
    const household = staffOf('central_household', 2);
    const cell = cells.find((c) => c.id === household.gridId)!;
    const context = await phoneContext(suite.browser, pointInside(cell, cells));
    const page = await context.newPage();
    try {
      await activate(page, await invite(household.id));
      await page.goto(`${suite.baseUrl}/m/`);
      await page.getByRole('link', { name: '民情记录本' }).tap();
      await page.getByTestId('rounds-page').waitFor();
      for (const device of ['elevator', 'hydrant', 'water', 'reminder']) await page.locator(`[data-device="${device}"] [data-result="ok"]`).tap();
      await page.locator('[data-device="gas"] [data-result="fault"]').tap();
      await page.getByTestId('submit-rounds').tap();
      // A fault needs words: the phone says so before it sends anything.
      await page.locator('[data-device="gas"] [role="alert"]').waitFor();
      await page.getByTestId('note-gas').fill('三楼燃气管道有异味');
      await page.getByTestId('photo-gas').setInputFiles({ name: 'gas.png', mimeType: 'image/png', buffer: photoPng(1800, 1800, 3) });
      await expectPhoneFriendly(page, 'rounds');
      await page.getByTestId('submit-rounds').tap();
      await page.getByTestId('rounds-done').waitFor();
      await page.getByTestId('rounds-today-done').waitFor();
      const today = page.locator('[data-testid="rounds-history"] li').first();
      await expect.poll(() => today.textContent()).toMatch(/故障 1 项[\s\S]*燃气管道：三楼燃气管道有异味[\s\S]*已生成工单 #\d+/);
      const ticketId = Number(/#(\d+)/.exec((await today.textContent())!)![1]);
      const ticket = suite.app.moshao.db.prepare('SELECT channel, grid_id AS gridId FROM tickets WHERE id = ?').get(ticketId) as { channel: string; gridId: string };
      expect(ticket).toEqual({ channel: 'central_household', gridId: household.gridId });
      expect(photosOf(ticketId)).toEqual([{ stage: 'before' }]);
      await page.screenshot({ path: screenshotPath('m-flow-rounds.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('a resident reports from a cell\'s poster, gets a receipt and follows it', async () => {
    const cell = cells.find((c) => c.id.startsWith(DINGMAO))!;
    const context = await phoneContext(suite.browser, pointInside(cell, cells));
    const page = await context.newPage();
    const problems = watchProblems(page);
    try {
      await page.goto(`${suite.baseUrl}/m/report?cell=${cell.id}`);
      await page.locator('[data-category]').first().waitFor();
      const words = '垃圾桶满了没人清理';
      expect(await fileReport(page, 'sanitation', words)).toBe(false);
      const receipt = (await page.getByTestId('receipt').textContent())!;
      expect(receipt).toMatch(/^[A-HJ-NP-Z2-9]{10}$/);
      expect(ticketsWith(words)).toEqual([expect.objectContaining({ reporterRole: 'resident' })]);
      await page.getByRole('link', { name: '查看办理进度' }).tap();
      await page.getByTestId('track-page').waitFor();
      await expect.poll(() => page.getByTestId('track-status').textContent()).toBe('已上报');
      // The public projection only: the resident's words are not on the tracking page.
      expect(await page.content()).not.toContain(words);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
