import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createDeviceCookies, DEVICE_COOKIE_TTL_S } from './device-cookies.js';
import { normalizeUsername } from './usernames.js';

describe('device cookies', () => {
  let t = Date.UTC(2026, 0, 1);
  const key = randomBytes(32);
  const cookies = createDeviceCookies(key, () => t);

  it('name the browser (its nonce) only for the username they were issued for, until they expire', () => {
    const value = cookies.issue('admin');
    const nonce = cookies.deviceOf(value, 'admin');
    expect(nonce).toMatch(/^[\w-]{20,}$/);
    expect(cookies.deviceOf(cookies.issue('admin'), 'admin')).not.toBe(nonce);
    expect(cookies.deviceOf(value, 'viewer')).toBeNull();
    t += DEVICE_COOKIE_TTL_S * 1000;
    expect(cookies.deviceOf(value, 'admin')).toBeNull();
  });

  it('refuse anything another key signed, or tampered, truncated or missing', () => {
    const value = cookies.issue('dingmao');
    const other = createDeviceCookies(randomBytes(32), () => t).issue('dingmao');
    const [user, nonce, expires, mac] = value.split('.');
    for (const bad of [other, `${user}.${nonce}x.${expires}.${mac}`, `${user}.${nonce}.${expires}`, `${value}.x`, '', undefined]) {
      expect(cookies.deviceOf(bad, 'dingmao')).toBeNull();
    }
  });
});

describe('normalizeUsername', () => {
  it('folds case, spaces around it and full-width forms into one spelling', () => {
    for (const typed of [' Admin ', 'ADMIN', 'ａｄｍｉｎ', '\u3000aDmIn\t', 'admin']) expect(normalizeUsername(typed)).toBe('admin');
    expect(normalizeUsername('ad min')).toBe('ad min');
  });
});
