/**
 * A small XML writer for the Open311 answers: elements and text only (no attributes, no namespaces), which is all
 * GeoReport v2 uses. Element names come from our own code; every text value is escaped. Pure.
 */

/** What can be written: text leaves, objects (child elements in key order) and arrays (repeated child elements). */
export type XmlValue = string | number | boolean | null | undefined | XmlValue[] | { [name: string]: XmlValue };

/**
 * Characters XML 1.0 cannot carry at all, even escaped: C0 controls other than tab, LF and CR, lone surrogates,
 * U+FFFE and U+FFFF. They become U+FFFD, as a UTF-8 decoder does with bytes it cannot read.
 */
const NOT_XML = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXmlText(text: string): string {
  return text.replace(NOT_XML, '\uFFFD').replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/**
 * `<root>…</root>` with an XML declaration. An array under key K is written as K's element holding one child per item,
 * named `itemNames[K]` (services -> service); an array at the root likewise uses `itemNames[root]`. null and undefined
 * become empty elements, so every field of a record keeps its place.
 */
export function renderXml(root: string, value: XmlValue, itemNames: Readonly<Record<string, string>>): string {
  const out: string[] = ['<?xml version="1.0" encoding="utf-8"?>'];
  const write = (name: string, v: XmlValue): void => {
    if (v === null || v === undefined || v === '') {
      out.push(`<${name}/>`);
      return;
    }
    if (Array.isArray(v)) {
      const item = itemNames[name];
      if (!item) throw new Error(`renderXml: no item element name for the list <${name}>`);
      out.push(`<${name}>`);
      for (const x of v) write(item, x);
      out.push(`</${name}>`);
      return;
    }
    if (typeof v === 'object') {
      out.push(`<${name}>`);
      for (const [k, child] of Object.entries(v)) write(k, child);
      out.push(`</${name}>`);
      return;
    }
    out.push(`<${name}>${escapeXmlText(String(v))}</${name}>`);
  };
  write(root, value);
  return out.join('');
}
