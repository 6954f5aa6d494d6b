/**
 * Canvas text does not wait for web fonts: a chart drawn before the CJK face is loaded keeps fallback glyphs (or boxes,
 * on a machine with no CJK font) until its next redraw. So charts are created only after our faces have loaded.
 */
const FACES = ['400 16px "Noto Sans SC"', '700 16px "Noto Sans SC"', '400 16px "Noto Sans SC Ext"', '400 16px "Orbitron"', '700 16px "Orbitron"'] as const;
/** A wall must draw even if a font file is missing: never wait longer than this. */
const FONT_WAIT_MAX_MS = 4000;

let ready: Promise<void> | null = null;
let loaded = false;

/** True once whenFontsReady's wait is over (the faces are in, or it gave up waiting). */
export function fontsSettled(): boolean {
  return loaded;
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
  const loads = Promise.all(FACES.map((face) => fonts.load(face, '镇江藴0')));
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, FONT_WAIT_MAX_MS));
  ready = Promise.race([loads.then(() => undefined), timeout]).catch(() => undefined).then(() => {
    loaded = true;
  });
  return ready;
}
