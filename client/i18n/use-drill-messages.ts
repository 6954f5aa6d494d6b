import { compose } from './compose.js';
import { drillEn } from './drill-en.js';
import { drillZh, type DrillSection } from './drill-zh.js';
import { useLang, type Lang } from './lang-store.js';
import { termsEn } from './terms-en.js';
import { termsZh, type Terms } from './terms-zh.js';

/** Every word of the supervisors' pages: the shared terms and the drill section. */
export type DrillMessages = Terms & DrillSection;

/** The supervisors' pages' words by language; a module of its own so the wall's bundle never carries them. */
export const DRILL_MESSAGES: Record<Lang, DrillMessages> = { zh: compose(termsZh, drillZh), en: compose(termsEn, drillEn) };

/** The supervisors' pages' words in the current language. */
export function useDrillMessages(): DrillMessages {
  return DRILL_MESSAGES[useLang()];
}
