import { compose } from './compose.js';
import { useLang, type Lang } from './lang-store.js';
import { termsEn } from './terms-en.js';
import { termsZh, type Terms } from './terms-zh.js';
import { wallEn } from './wall-en.js';
import { wallZh, type WallSection } from './wall-zh.js';

/** Every word the wall shows: the shared terms and the wall's section. */
export type WallMessages = Terms & WallSection;

/** The wall's words by language. Pure data, for code that has no React (and for tests). */
export const WALL_MESSAGES: Record<Lang, WallMessages> = { zh: compose(termsZh, wallZh), en: compose(termsEn, wallEn) };

/** The wall's words in the current language. */
export function useMessages(): WallMessages {
  return WALL_MESSAGES[useLang()];
}
