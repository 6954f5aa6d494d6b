/**
 * Canvas text does not wait for web fonts: a chart drawn before the CJK face is loaded keeps fallback glyphs (or boxes,
 * on a machine with no CJK font) until its next redraw. So charts are created only after our faces have loaded.
 *
 * 'Noto Sans SC' is the font cut at build time to the characters the product shows (scripts/font-subset.ts), one file
 * per source piece and weight; its CSS names one character of each piece in --noto-sans-sc-sample, so that load()
 * fetches them all. The whole font behind it ('Noto Sans SC Ext') is not waited for: it is fetched, piece by piece,
 * only for a character outside the cut.
 */
const CJK_FACES = ['400 16px "Noto Sans SC"', '700 16px "Noto Sans SC"'] as const;
const OTHER_FACES = ['400 16px "Orbitron"', '700 16px "Orbitron"'] as const;
/** Used when the generated CSS names no sample (a stylesheet missing or not applied yet). */
const DEFAULT_SAMPLE = '镇江0';
/** A wall must draw even if a font file is missing: never wait longer than this. */
const FONT_WAIT_MAX_MS = 4000;

let ready: Promise<void> | null = null;
let loaded = false;

/** True once whenFontsReady's wait is over (the faces are in, or it gave up waiting). */
export function fontsSettled(): boolean {
  return loaded;
}

/** The characters to load the CJK faces with: one per file of the cut, as the generated CSS names them. */
export function cjkSample(): string {
  const named = getComputedStyle(document.documentElement).getPropertyValue('--noto-sans-sc-sample').trim().replace(/^['"]|['"]$/g, '');
  return named ? `${named}0` : DEFAULT_SAMPLE;
}

export function whenFontsReady(): Promise<void> {
  if (ready) return ready;
  const fonts = typeof document === 'undefined' ? undefined : document.fonts;
  if (!fonts) {
    loaded = true;
    return (ready = Promise.resolve());
  }
  // load() with a sample forces the face to be fetched even when no DOM text uses it yet. Only these faces are waited
  // for, not document.fonts.ready: that also waits for any face the panels' layout starts to fetch later, which would
  // chain the charts' first draw behind the page's first layout.
  const sample = cjkSample();
  const loads = Promise.all([...CJK_FACES.map((face) => fonts.load(face, sample)), ...OTHER_FACES.map((face) => fonts.load(face, '0'))]);
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, FONT_WAIT_MAX_MS));
  ready = Promise.race([loads.then(() => undefined), timeout]).catch(() => undefined).then(() => {
    loaded = true;
  });
  return ready;
}
