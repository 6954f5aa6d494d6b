import { COMMON_PASSWORDS } from './common-passwords.js';

/** Shortest password accepted for an account (the schemas say the same; this check is the one that explains). */
export const PASSWORD_MIN_LENGTH = 10;

const COMMON = new Set(COMMON_PASSWORDS);
/** Letters people swap for look-alike digits and symbols: p@ssw0rd is still password. */
const LOOK_ALIKES: Record<string, string> = { '@': 'a', '4': 'a', '0': 'o', '3': 'e', '$': 's', '5': 's', '7': 't', '1': 'i', '!': 'i' };
/** Digits, punctuation, symbols and spaces around a word ("!!Sunshine2024" is sunshine). */
const AROUND_WORD = /^[\d\p{P}\p{S}\s]+|[\d\p{P}\p{S}\s]+$/gu;

/** abcdefghij, 9876543210, zyxwvuts...: every character one step from the one before, the same way. */
function isRun(s: string): boolean {
  const codes = [...s].map((c) => c.codePointAt(0)!);
  const step = codes[1] - codes[0];
  return Math.abs(step) === 1 && codes.every((c, i) => i === 0 || c - codes[i - 1] === step);
}

/**
 * Why a new password may not be used, as the end of a sentence ("must not contain the username"), or null when it
 * is fine. Pure. For passwords people choose (account creation and change); made-up ones are random anyway.
 */
export function weakPasswordReason(password: string, username: string): string | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters long`;
  const lower = password.normalize('NFKC').toLowerCase();
  const name = username.trim().toLowerCase();
  if (name && lower.includes(name)) return 'must not contain the username';
  if (new Set(lower).size < 4) return 'uses fewer than 4 different characters';
  if (isRun(lower)) return 'is a run of consecutive characters';
  const word = lower.replace(AROUND_WORD, '');
  const plain = [...word].map((c) => LOOK_ALIKES[c] ?? c).join('');
  if (COMMON.has(lower) || COMMON.has(word) || COMMON.has(plain)) {
    return 'is one of the most common passwords, or a common word with digits or symbols around it';
  }
  // Digits alone are mostly dates and phone numbers: guessed from what is known about the person.
  if (!word) return 'has only digits and symbols: add letters';
  return null;
}
