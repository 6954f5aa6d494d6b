/**
 * Just enough Markdown reading to check the docs: their links, their headings' anchors, the variables they name and
 * the README's configuration table. Pure functions of a document's text.
 */

/** The text outside fenced code blocks (``` … ```), where a link or a heading means what it says. */
export function proseOf(markdown: string): string {
  return markdown.replace(/^```[^\n]*\n[\s\S]*?^```[^\n]*$/gm, '');
}

/** The anchor GitHub gives a heading: its text lower-cased, punctuation dropped, spaces as hyphens. */
export function slugOf(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Every heading's anchor in a document, a repeated one numbered as GitHub numbers it (`x`, `x-1`, `x-2`). */
export function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const [, text] of proseOf(markdown).matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const slug = slugOf(text);
    const count = seen.get(slug) ?? 0;
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
    seen.set(slug, count + 1);
  }
  return anchors;
}

/** The targets of a document's links and images (`[text](target)`, `<img src="target">`), outside code blocks. */
export function linksOf(markdown: string): string[] {
  const prose = proseOf(markdown);
  const inline = [...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]);
  const html = [...prose.matchAll(/<(?:img|a)\b[^>]*?\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
  return [...inline, ...html];
}

/** A link that leaves the repository (a scheme such as https: or mailto:) is not ours to check. */
export function isExternal(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(target);
}

/** Every `MOSHAO_*` name a text mentions. */
export function moshaoNamesIn(text: string): Set<string> {
  return new Set([...text.matchAll(/\bMOSHAO_[A-Z0-9_]*[A-Z0-9]/g)].map((m) => m[0]));
}

/**
 * The variables named in the first column of the table under a `## <title>` heading (up to the next `## `): every
 * `NAME` in backticks of a row's first cell, so one row may document several.
 */
export function tableVariables(markdown: string, title: string): Set<string> {
  const prose = proseOf(markdown);
  const start = prose.search(new RegExp(`^## ${title}[ \\t]*$`, 'm'));
  if (start < 0) return new Set();
  const rest = prose.slice(start + 3);
  const end = rest.search(/^## /m);
  const section = end < 0 ? rest : rest.slice(0, end);
  const names = new Set<string>();
  for (const [, firstCell] of section.matchAll(/^\|([^|\n]*)\|/gm)) {
    for (const [, name] of firstCell.matchAll(/`([A-Z][A-Z0-9_]*)`/g)) names.add(name);
  }
  return names;
}
