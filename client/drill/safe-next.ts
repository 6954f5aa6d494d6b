/** Where a login goes when it was given no usable "next". */
export const DEFAULT_NEXT = '/drill';

/** Any origin will do: only whether the resolved URL stays on it matters. */
const PROBE_ORIGIN = 'https://moshao.invalid';
/** C0 and C1 control characters, DEL: browsers drop some of them silently (/<tab>/evil is //evil). */
const isControl = (c: string) => {
  const n = c.codePointAt(0)!;
  return n < 0x20 || (n >= 0x7f && n <= 0x9f);
};
/** What a browser or a proxy may read as another host: a backslash (read as /), a control, // at the start. */
const unsafe = (s: string) => s.startsWith('//') || s.includes('\\') || [...s].some(isControl);
/** A percent-encoded path can be decoded more than once on its way (a proxy, then the router). */
const MAX_DECODINGS = 3;

/**
 * The login redirect target ("next") if it is a path of this site, normalised; DEFAULT_NEXT otherwise. Refuses
 * absolute and scheme-relative URLs (http:, //x), backslash tricks browsers read as slashes (/\x, \\x), control
 * characters, and the same things percent-encoded (/%5Cevil, /%2F%2Fevil). Pure: the one place this is decided.
 */
export function safeNext(raw: string | null | undefined): string {
  if (!raw || !raw.startsWith('/')) return DEFAULT_NEXT;
  let decoded = raw;
  for (let i = 0; ; i++) {
    if (unsafe(decoded)) return DEFAULT_NEXT;
    let once: string;
    try {
      once = decodeURIComponent(decoded);
    } catch {
      return DEFAULT_NEXT; // a malformed escape: not a link anybody meant
    }
    if (once === decoded) break;
    if (i === MAX_DECODINGS) return DEFAULT_NEXT; // still encoded after that many decodings: a disguise
    decoded = once;
  }
  let url: URL;
  try {
    url = new URL(raw, PROBE_ORIGIN);
  } catch {
    return DEFAULT_NEXT;
  }
  if (url.origin !== PROBE_ORIGIN) return DEFAULT_NEXT;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return unsafe(path) ? DEFAULT_NEXT : path;
}
