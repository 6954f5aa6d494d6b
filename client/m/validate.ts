import { MAX_PHOTOS } from './photo.js';

/**
 * What the phone checks before it keeps a form in the outbox: an item the server would refuse waits for nothing, so
 * what can be known on the phone is said on the phone, at once, next to its field. Errors are message keys (i18n.ts).
 */
export type FieldErrors<K extends string> = Partial<Record<K, 'required' | 'tooLong' | 'tooMany' | 'badCode' | 'tooShort' | 'mismatch' | 'range'>>;

export const DESCRIPTION_MAX = 4000;
export const NOTE_MAX = 500;
export const COMMENT_MAX = 500;
export const PASSWORD_MIN = 10;
/** Invitation codes: 8 characters of an alphabet without 0, O, 1 and I (they are read off paper). */
export const CODE_RE = /^[A-HJ-NP-Z2-9]{8}$/;

export interface ReportDraft {
  category: string | null;
  description: string;
  gridId: string | null;
  location: { lng: number; lat: number } | null;
  photos: number;
}

export function validateReport(d: ReportDraft): FieldErrors<'category' | 'description' | 'place' | 'photos'> {
  const e: FieldErrors<'category' | 'description' | 'place' | 'photos'> = {};
  if (!d.category) e.category = 'required';
  if (!d.description.trim()) e.description = 'required';
  else if (d.description.length > DESCRIPTION_MAX) e.description = 'tooLong';
  if (!d.gridId && !d.location) e.place = 'required';
  if (d.photos > MAX_PHOTOS) e.photos = 'tooMany';
  return e;
}

/** A code as typed from a card: spaces and dashes dropped, upper case. */
export function normaliseCode(raw: string): string {
  return raw.replace(/[\s-]/g, '').toUpperCase();
}

export function validateActivation(code: string, password: string, confirm: string): FieldErrors<'code' | 'password' | 'confirm'> {
  const e: FieldErrors<'code' | 'password' | 'confirm'> = {};
  if (!normaliseCode(code)) e.code = 'required';
  else if (!CODE_RE.test(normaliseCode(code))) e.code = 'badCode';
  if ([...password].length < PASSWORD_MIN) e.password = 'tooShort';
  if (confirm !== password) e.confirm = 'mismatch';
  return e;
}

export const DEVICES = ['elevator', 'gas', 'hydrant', 'water', 'reminder'] as const;
export type Device = (typeof DEVICES)[number];
export interface RoundDraft {
  device: Device;
  result: 'ok' | 'fault' | null;
  note: string;
  photos: number;
}

/** Every device checked; a fault says what is wrong. Keys are the device names. */
export function validateRounds(items: readonly RoundDraft[]): FieldErrors<Device> {
  const e: FieldErrors<Device> = {};
  for (const it of items) {
    if (!it.result) e[it.device] = 'required';
    else if (it.note.length > NOTE_MAX) e[it.device] = 'tooLong';
    else if (it.result === 'fault' && !it.note.trim()) e[it.device] = 'required';
    else if (it.photos > MAX_PHOTOS) e[it.device] = 'tooMany';
  }
  return e;
}

export function validateRating(rating: number | null, comment: string): FieldErrors<'rating' | 'comment'> {
  const e: FieldErrors<'rating' | 'comment'> = {};
  if (rating === null || !Number.isInteger(rating) || rating < 1 || rating > 5) e.rating = 'range';
  if (comment.length > COMMENT_MAX) e.comment = 'tooLong';
  return e;
}

export const isValid = (e: object): boolean => Object.keys(e).length === 0;
