import { describe, expect, it } from 'vitest';
import { nextAttempt, retryAfterMs, RETRY_DELAYS_MS } from './backoff.js';
import { checkTarget, isPrivateAddress } from './url-guard.js';

describe('where notices may go', () => {
  it('knows loopback, private, shared and link-local addresses, IPv4-mapped ones too', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '100.64.0.1', '169.254.169.254', '0.0.0.0', '::1', '::', 'fc00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1']) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ['101.226.0.1', '172.32.0.1', '203.119.0.1', '2408:8000::1', '::ffff:101.226.0.1']) expect(isPrivateAddress(a), a).toBe(false);
  });

  it('refuses a private target, also by a name that resolves to one, unless allowed; only http and https', async () => {
    for (const url of ['http://127.0.0.1:8080/hook', 'https://[::1]/x', 'http://169.254.169.254/latest/meta-data', 'http://10.0.0.5/x', 'http://localhost:3000/x']) {
      await expect(checkTarget(url, false), url).rejects.toMatchObject({ status: 400, code: 'private_url', field: 'url' });
      await expect(checkTarget(url, true), url).resolves.toBeInstanceOf(URL);
    }
    for (const url of ['ftp://example.com/x', 'javascript:alert(1)', 'not a url', 'https://user:pw@example.com/x']) {
      await expect(checkTarget(url, true), url).rejects.toMatchObject({ status: 400, code: 'invalid_url' });
    }
    await expect(checkTarget('https://101.226.0.1/x', false)).resolves.toBeInstanceOf(URL);
  });
});

describe('retry waits', () => {
  it('wait 5 s, 5 min, 30 min, 2 h ... up to a day, each within ±20%, then give up', () => {
    expect(RETRY_DELAYS_MS.slice(0, 4)).toEqual([5_000, 300_000, 1_800_000, 7_200_000]);
    expect(RETRY_DELAYS_MS.at(-1)).toBe(86_400_000);
    expect(nextAttempt(1, 0, RETRY_DELAYS_MS, () => 0)).toBe(4_000);
    expect(nextAttempt(1, 0, RETRY_DELAYS_MS, () => 1)).toBe(6_000);
    expect(nextAttempt(2, 1000, RETRY_DELAYS_MS, () => 0.5)).toBe(301_000);
    expect(nextAttempt(RETRY_DELAYS_MS.length + 1, 0)).toBeNull();
  });

  it('read Retry-After as seconds or an HTTP date, at most a day', () => {
    const now = Date.parse('2023-10-17T01:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Tue, 17 Oct 2023 01:02:00 GMT', now)).toBe(120_000);
    expect(retryAfterMs('99999999', now)).toBe(86_400_000);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs(null, now)).toBeNull();
  });
});
