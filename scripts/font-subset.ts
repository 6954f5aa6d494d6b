/**
 * The CJK font cut to what the product can show. Noto Sans SC's simplified-Chinese cut is 1.1 MB a weight; the wall
 * shows a few hundred distinct characters: the world's names, the categories, the interface's words. At build time
 * those characters are collected from the sources (a regex over the files: every string, whoever wrote it) and the
 * font is subset to them. The generated CSS declares two families:
 *
 * - 'Noto Sans SC': the subset, one face per source file and weight, each with a unicode-range of exactly the
 *   characters it holds. First in every font stack; the only one the charts wait for (client/charts/fonts.ts).
 * - 'Noto Sans SC Ext': the whole of Noto Sans SC, in @fontsource's unicode-range pieces. Second in every font stack:
 *   the browser fetches a piece only when a character outside the subset is shown (an imported world's names).
 *
 * Deterministic: the same sources give the same characters, the same files and the same CSS.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import subsetFont from 'subset-font';

/**
 * Where the characters the product can show are written: the client, the shared catalogues, the server's words (the
 * handling units, messages), the world's names (the divisions, the demo world's cells and stations). Not the demo's
 * tickets, residents or notes, nor the masking's word lists: what those show comes from the whole font behind the cut.
 */
export const SHOWN_TEXT_SOURCES = [
  'client',
  'shared',
  'server',
  'fixtures/data',
  'fixtures/geo',
  'fixtures/world/organisation.ts',
  'fixtures/world/places.ts',
] as const;

/**
 * Where the generated CSS and fonts go (git-ignored). client/main.tsx imports FONTS_CSS (the cut, in the page's own
 * stylesheet); client/mount.tsx imports WHOLE_CSS (200 faces whose unicode-ranges are 40 kB compressed), which then
 * loads with the big chunk rather than before the page can render.
 */
export const OUT_DIR = 'client/styles/fonts-shown';
export const FONTS_CSS = 'fonts.css';
export const WHOLE_CSS = 'fonts-whole.css';
const WEIGHTS = [400, 700] as const;
const FONTSOURCE = 'node_modules/@fontsource/noto-sans-sc';
/** The cut that holds GB2312 (with ASCII and its punctuation): the source of almost every character. */
const MAIN_CUT = 'chinese-simplified';

/** Every character past ASCII: ideographs, their punctuation, and the signs an interface draws (▶ ☰ ×). */
const SHOWN_RE = /[^\p{ASCII}\p{Cc}]/gu;
/**
 * Always in: ASCII (letters, digits, punctuation), the fullwidth punctuation a sentence may use, and what Intl's zh-CN
 * dates and times are made of (2023年10月17日 星期二 上午09:30), which no source file spells out, and the 国 that ECharts
 * measures to size CJK text (a canvas that measures text in a face fetches it).
 */
const ALWAYS = String.fromCharCode(...Array.from({ length: 0x7f - 0x20 }, (_, i) => 0x20 + i))
  + '·，。：；！？（）【】《》、“”‘’…—　'
  + '年月日时分秒星期周一二三四五六七八九十上下午'
  + '国';
const TEXT_FILE = /\.(ts|tsx|css|html|json|geojson)$/;
const SKIPPED = /\.test\.tsx?$|(^|\/)fonts-shown(\/|$)|^server\/domain\/masking\.ts$|^server\/test(\/|$)/;

function filesUnder(root: string, path: string): string[] {
  const full = join(root, path);
  if (!existsSync(full) || SKIPPED.test(path)) return [];
  if (!statSync(full).isDirectory()) return TEXT_FILE.test(path) ? [path] : [];
  return readdirSync(full).sort().flatMap((name) => filesUnder(root, `${path}/${name}`));
}

/** Every character the product can show, sorted by code point (the same sources give the same string). */
export function shownCharacters(root: string, sources: readonly string[] = SHOWN_TEXT_SOURCES): string[] {
  const chars = new Set<string>(ALWAYS);
  for (const file of sources.flatMap((s) => filesUnder(root, s))) {
    for (const c of readFileSync(join(root, file), 'utf8').match(SHOWN_RE) ?? []) chars.add(c);
  }
  return [...chars].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
}

let gb2312: Set<string> | null = null;
/** GB2312's characters, by decoding its whole code table (the main cut holds them). */
function inGb2312(c: string): boolean {
  if (!gb2312) {
    gb2312 = new Set();
    const decoder = new TextDecoder('gb18030');
    for (let hi = 0xa1; hi <= 0xf7; hi++) {
      for (let lo = 0xa1; lo <= 0xfe; lo++) {
        const d = decoder.decode(Uint8Array.of(hi, lo));
        const cp = d.codePointAt(0)!;
        if (d.length === 1 && d !== '\uFFFD' && !(cp >= 0xe000 && cp <= 0xf8ff)) gb2312.add(d);
      }
    }
  }
  return c.codePointAt(0)! < 0x80 || gb2312.has(c);
}

interface Piece {
  /** The @fontsource file's name without weight and extension: 'chinese-simplified', '39', 'latin'... */
  cut: string;
  /** The unicode-range as @fontsource wrote it, and as code point intervals. */
  range: string;
  ranges: [number, number][];
}

/** @fontsource's unicode-range pieces of the whole font, as its per-weight CSS declares them. */
function piecesOf(css: string): Piece[] {
  const pieces: Piece[] = [];
  for (const block of css.split('@font-face').slice(1)) {
    const cut = /noto-sans-sc-([\w-]+?)-\d00-normal\.woff2/.exec(block)?.[1];
    const range = /unicode-range:\s*([^;]+);/.exec(block)?.[1];
    if (!cut || !range) continue;
    pieces.push({
      cut,
      range: range.trim(),
      ranges: range.split(',').map((r) => {
        const [from, to] = r.trim().replace(/^U\+/i, '').split('-').map((h) => parseInt(h, 16));
        return [from, to ?? from] as [number, number];
      }),
    });
  }
  return pieces;
}

/** Which @fontsource cut each character is taken from: the GB2312 cut if it holds it, else the piece whose range does. */
export function cutsFor(chars: readonly string[], pieces: readonly Piece[]): { byCut: Map<string, string[]>; missing: string[] } {
  const byCut = new Map<string, string[]>();
  const missing: string[] = [];
  for (const c of chars) {
    const cp = c.codePointAt(0)!;
    const cut = inGb2312(c) ? MAIN_CUT : pieces.find((p) => p.ranges.some(([a, b]) => cp >= a && cp <= b))?.cut;
    if (!cut) missing.push(c);
    else byCut.set(cut, [...(byCut.get(cut) ?? []), c]);
  }
  return { byCut, missing };
}

/** A CSS unicode-range of exactly these characters, consecutive code points merged. */
export function unicodeRange(chars: readonly string[]): string {
  const cps = chars.map((c) => c.codePointAt(0)!).sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < cps.length; i++) {
    let j = i;
    while (j + 1 < cps.length && cps[j + 1] === cps[j] + 1) j++;
    out.push(i === j ? `U+${cps[i].toString(16)}` : `U+${cps[i].toString(16)}-${cps[j].toString(16)}`);
    i = j;
  }
  return out.join(',');
}

const face = (family: string, weight: number, url: string, range: string) =>
  `@font-face {\n  font-family: '${family}';\n  font-style: normal;\n  font-display: swap;\n  font-weight: ${weight};\n  src: url('${url}') format('woff2');\n  unicode-range: ${range};\n}\n`;

export interface SubsetResult {
  chars: number;
  files: { name: string; bytes: number }[];
  missing: string[];
  /** False when the previous run's output was for the same characters and sources, and was kept. */
  rebuilt: boolean;
  ms: number;
}

/** Writes OUT_DIR: the subset woff2 files and FONTS_CSS. Skips the subsetting when nothing it depends on changed. */
export async function buildFontSubset(root: string): Promise<SubsetResult> {
  const started = performance.now();
  const out = join(root, OUT_DIR);
  const fontsource = join(root, FONTSOURCE);
  const files = join(fontsource, 'files');
  const fromOut = relative(out, files).split('\\').join('/');
  const chars = shownCharacters(root);
  const subsetVersion = (createRequire(import.meta.url)('subset-font/package.json') as { version: string }).version;
  const cssOf = (weight: number) => readFileSync(join(fontsource, `${weight}.css`), 'utf8');
  const key = createHash('sha256')
    .update(JSON.stringify({ chars, subsetVersion, script: readFileSync(new URL(import.meta.url)), css: WEIGHTS.map(cssOf) }))
    .digest('hex');
  const stamp = join(out, 'key.txt');
  const { byCut, missing } = cutsFor(chars, piecesOf(cssOf(400)));
  const cuts = [...byCut.keys()].sort((a, b) => (a === MAIN_CUT ? -1 : b === MAIN_CUT ? 1 : a.localeCompare(b, 'en', { numeric: true })));
  const names = WEIGHTS.flatMap((w) => cuts.map((cut) => ({ w, cut, name: `noto-sans-sc-shown-${cut}-${w}.woff2` })));
  const upToDate = existsSync(stamp) && readFileSync(stamp, 'utf8') === key
    && [FONTS_CSS, WHOLE_CSS, ...names.map((n) => n.name)].every((name) => existsSync(join(out, name)));
  if (!upToDate) {
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    let css = '/* Generated by scripts/font-subset.ts at build time: do not edit. */\n\n';
    for (const { w, cut, name } of names) {
      const source = readFileSync(join(files, `noto-sans-sc-${cut}-${w}-normal.woff2`));
      const text = byCut.get(cut)!;
      writeFileSync(join(out, name), await subsetFont(source, text.join(''), { targetFormat: 'woff2' }));
      css += face('Noto Sans SC', w, `./${name}`, unicodeRange(text));
    }
    // One character of each subset file: what the charts ask document.fonts.load() for, so that every file is in.
    css += `\n:root { --noto-sans-sc-sample: '${cuts.map((cut) => byCut.get(cut)!.find((c) => c.codePointAt(0)! >= 0x4e00) ?? byCut.get(cut)![0]).join('')}'; }\n`;
    writeFileSync(join(out, FONTS_CSS), css);
    let whole = '/* Generated by scripts/font-subset.ts at build time: do not edit. The whole of Noto Sans SC. */\n\n';
    for (const w of WEIGHTS) {
      for (const { cut, range } of piecesOf(cssOf(w))) whole += face('Noto Sans SC Ext', w, `${fromOut}/noto-sans-sc-${cut}-${w}-normal.woff2`, range);
    }
    writeFileSync(join(out, WHOLE_CSS), whole);
    writeFileSync(stamp, key);
  }
  return {
    chars: chars.length,
    files: names.map((n) => ({ name: n.name, bytes: statSync(join(out, n.name)).size })),
    missing,
    rebuilt: !upToDate,
    ms: Math.round(performance.now() - started),
  };
}
