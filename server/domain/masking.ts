/**
 * Masking of personal data for the drill-down: a name keeps its first character (and its last when it
 * has three or more), a phone its first three and last four digits. Pure; the only place that decides how much shows.
 */

/** 马明 -> 马*, 张小生 -> 张*生, 欧阳小明 -> 欧**明; a one-character name becomes *. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/**
 * 13812341234 -> 138****1234 (a mobile number, the 3 + 4 the issue asks for). Shorter numbers keep no head and at most
 * half of their digits at the tail; separators are dropped.
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length === 0) return '';
  const keepHead = digits.length >= 11 ? 3 : 0;
  const keepTail = Math.min(4, Math.floor((digits.length - keepHead) / 2));
  const hidden = digits.length - keepHead - keepTail;
  return digits.slice(0, keepHead) + '*'.repeat(hidden) + digits.slice(digits.length - keepTail);
}

/** A person with masked name and phone; any other field of the source is dropped. */
export function maskPerson(p: { id: string; name: string; phone: string }): { id: string; name: string; phone: string } {
  return { id: p.id, name: maskName(p.name), phone: maskPhone(p.phone) };
}
