/**
 * The one spelling of a username for lookups and limits: NFKC (full-width letters and spaces become ASCII), trimmed,
 * lower-cased. ' Admin ', 'ADMIN' and 'ａｄｍｉｎ' are all 'admin', so they find the same account and share its limits.
 * Usernames are stored in this form: the account schema allows only lower-case ASCII, so every stored one already is.
 */
export function normalizeUsername(name: string): string {
  return name.normalize('NFKC').trim().toLowerCase().normalize('NFKC');
}
