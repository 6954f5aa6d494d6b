import { createHmac, randomBytes } from 'node:crypto';
import { sha256 } from './passwords.js';

/**
 * Letters and digits nobody misreads from a printed card or a phone screen: no 0/O and no 1/I. 32 of them, so the low
 * five bits of a random byte pick one without bias.
 */
export const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** An invitation code (printed on the 联系卡): 40 bits, one use, a week. */
export const INVITATION_CODE_LENGTH = 8;
/** A resident's receipt: 50 bits, kept as long as the ticket. */
export const RECEIPT_LENGTH = 10;

const spell = (bytes: Uint8Array, length: number): string => {
  let code = '';
  for (const b of bytes.subarray(0, length)) code += CODE_ALPHABET[b & 31];
  return code;
};

/** A code of `length` characters of CODE_ALPHABET from the system's cryptographic randomness. */
export function randomCode(length: number): string {
  return spell(randomBytes(length), length);
}

/**
 * A resident's receipt. With an Idempotency-Key it is derived from the key (keyed with the server's secret), so the
 * phone's resend of the same report gets the same receipt back although only its hash is stored; without, random.
 */
export function receiptFor(secret: Buffer, caller: string, idempotencyKey: string | undefined): string {
  if (idempotencyKey === undefined) return randomCode(RECEIPT_LENGTH);
  return spell(createHmac('sha256', secret).update(`${caller}\n${idempotencyKey}`).digest(), RECEIPT_LENGTH);
}

/** A code as typed (lower case, spaces, dashes) in the spelling it was issued in; null when it cannot be one. */
export function normalizeCode(typed: string, length: number): string | null {
  const code = typed.toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== length) return null;
  for (const c of code) if (!CODE_ALPHABET.includes(c)) return null;
  return code;
}

/** What is stored of a code: its SHA-256, so a copy of the database redeems nothing. */
export const hashCode = (code: string): string => sha256(`code:${code}`);
