import { expect, it } from 'vitest';
import { describeInChromium } from './guard.js';
import { browserSuite, watchProblems } from './harness.js';

const PASSWORDS = { admin: 'admin-reporters-password', town: 'dingmao-reporters-password', viewer: 'viewer-reporters-password' };
const DINGMAO = '321171001';
const REPORTER_PASSWORD = 'a-long-reporter-passphrase-42';

/**
 * The supervisors' side of the phone app, end to end: a street supervisor opens /drill/reporters from the header,
 * makes an invitation, sees its code and QR once, prints the card (only the card is on paper), and the code as shown
 * activates an account at /m/activate; the row then says so.
 */
describeInChromium('the reporters\' page in Chromium', () => {
  const suite = browserSuite({
    autoPlay: false, adminPassword: PASSWORDS.admin, demoAccounts: { townPassword: PASSWORDS.town, viewerPassword: PASSWORDS.viewer },
  });

  it('a town supervisor invites a 信息员 from the page, and the code on the card activates at /m/activate', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(`${suite.baseUrl}/login?next=%2Fdrill`);
    await page.locator('input[name=username]').fill('dingmao');
    await page.locator('input[name=password]').fill(PASSWORDS.town);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('reporters-link').click();
    await page.locator(`[data-testid="reporters-page"][data-scope="${DINGMAO}"]`).waitFor();

    const row = page.locator('[data-testid="reporter-row"][data-account="none"]').first();
    const staffId = await row.getAttribute('data-staff');
    await row.getByTestId('invite').click();
    const code = (await page.getByTestId('invitation-code').textContent())!.trim();
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    // The QR is a loaded image, not markup in the page.
    await expect.poll(() => page.getByTestId('invitation-qr').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await expect.poll(() => page.locator(`[data-testid="reporter-row"][data-staff="${staffId}"]`).getAttribute('data-account')).toBe('invited');

    // On paper only the card shows: the page itself is hidden.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('contact-card').isVisible()).toBe(true);
    expect(await page.getByTestId('reporters-page').isVisible()).toBe(false);
    expect(await page.getByTestId('contact-card').textContent()).toContain(code);
    await page.emulateMedia({ media: 'screen' });

    // The reporter, on a phone of their own, types the code as printed.
    const phone = await suite.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    const m = await phone.newPage();
    await m.goto(`${suite.baseUrl}/m/activate?code=${encodeURIComponent(code)}`);
    await m.getByTestId('password').fill(REPORTER_PASSWORD);
    await m.getByTestId('confirm').fill(REPORTER_PASSWORD);
    await m.getByTestId('submit-activate').tap();
    await m.getByTestId('activated').waitFor();
    await phone.close();

    await page.reload();
    await expect.poll(() => page.locator(`[data-testid="reporter-row"][data-staff="${staffId}"]`).getAttribute('data-account')).toBe('active');
    expect(problems).toEqual([]);
    await context.close();
  });
});
