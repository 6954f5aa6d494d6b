import { useWall } from '../store/index.js';
import type { CategoryNames } from '../store/ticket-slice.js';
import { MESSAGES, type Lang, type Messages } from './messages.js';

/** The message catalogue of the wall's current language. */
export function useMessages(): Messages {
  return MESSAGES[useWall((s) => s.lang)];
}

/** A category's name in the language, or its code until the catalogue has loaded. */
export function categoryName(categories: CategoryNames | null, code: string, lang: Lang): string {
  const c = categories?.[code];
  if (!c) return code;
  return lang === 'en' ? c.nameEn : c.name;
}
