import { TIME_ZONE } from '../../shared/constants.js';

/** ABCDEFGH -> ABCD-EFGH: two groups of four are read out and typed without losing the place. */
export function groupCode(code: string): string {
  return code.length > 4 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}

/** The day (yyyy-mm-dd) of an instant in Shanghai: the district's day, whatever the device's zone. */
export function shanghaiDay(ms: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}

/**
 * The server's QR SVG as an image address. Shown through <img>, the SVG is an image and nothing more: a script or a
 * link inside it never runs, so the page does not have to trust the markup as it would inserted into the document.
 */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
