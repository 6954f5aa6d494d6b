import { createHmac, timingSafeEqual } from 'node:crypto';
import { randomSecret } from './passwords.js';

/** The cookie of a browser that has logged in before (OWASP's device cookie). */
export const DEVICE_COOKIE = 'moshao_device' as const;
/** A device cookie is good for a year from its last successful login (each login issues a fresh one). */
export const DEVICE_COOKIE_TTL_S = 365 * 24 * 3600;
const NONCE_BYTES = 16;

/**
 * Device cookies: `base64url(username).nonce.expiresAtSeconds.hmac`, HMAC-SHA256 under a key the server keeps in its
 * database (server_secrets 'device_cookie'). The cookie proves that this browser logged in as this (normalised)
 * username; the nonce names it for its own failure budget (door.ts), so a stolen or guessing browser locks out only
 * itself. Nothing in it is secret but the signature, and it grants nothing but a way past the per-username limit.
 */
export function createDeviceCookies(key: Buffer, nowMs: () => number) {
  const sign = (payload: string) => createHmac('sha256', key).update(payload).digest();

  return {
    /** A fresh cookie value for a browser that has just logged in as `username`. */
    issue(username: string): string {
      const expiresAtS = Math.floor(nowMs() / 1000) + DEVICE_COOKIE_TTL_S;
      const payload = `${Buffer.from(username).toString('base64url')}.${randomSecret(NONCE_BYTES)}.${expiresAtS}`;
      return `${payload}.${sign(payload).toString('base64url')}`;
    },

    /**
     * The nonce of `value` when it is a cookie this server signed for `username` and it has not expired; null for
     * anything else (no cookie, forged, tampered, expired, or another user's: that browser is untrusted for this one).
     */
    deviceOf(value: string | undefined, username: string): string | null {
      const parts = value?.split('.');
      if (parts?.length !== 4) return null;
      const [user, nonce, expiresAtS, mac] = parts;
      const expected = sign(`${user}.${nonce}.${expiresAtS}`);
      const given = Buffer.from(mac, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      if (Number(expiresAtS) * 1000 <= nowMs()) return null;
      return Buffer.from(user, 'base64url').toString() === username ? nonce : null;
    },
  };
}
export type DeviceCookies = ReturnType<typeof createDeviceCookies>;
