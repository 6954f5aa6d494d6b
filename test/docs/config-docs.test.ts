import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../server/config.js';
import { anchorsOf, isExternal, linksOf, moshaoNamesIn, slugOf, tableVariables } from './markdown.js';

/*
 * The docs and the code must not drift apart: every variable of the configuration schema has its row in the README's
 * table, no doc names a MOSHAO_* variable the schema no longer has, and every relative link lands on a file (and, for
 * a Markdown file, on a heading) that exists.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DOCS = [
  'README.md',
  'BENCHMARKS.md',
  ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`),
];
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');
const CONFIG_TITLE = 'Configuration';

/** What is wrong with one relative link of a document, or null when it lands. */
function brokenLink(file: string, target: string, readDoc: (path: string) => string): string | null {
  const [pathPart, anchor] = target.split('#', 2);
  const path = pathPart === '' ? file : relative(ROOT, join(ROOT, dirname(file), decodeURI(pathPart)));
  if (path.startsWith('..')) return `${file}: ${target} leaves the repository`;
  if (!existsSync(join(ROOT, path))) return `${file}: ${target} -> ${path} does not exist`;
  if (anchor === undefined || anchor === '' || !path.endsWith('.md') || statSync(join(ROOT, path)).isDirectory()) return null;
  return anchorsOf(readDoc(path)).has(decodeURIComponent(anchor)) ? null : `${file}: ${target} -> no heading #${anchor} in ${path}`;
}

function brokenLinks(file: string, text: string, readDoc: (path: string) => string): string[] {
  return linksOf(text)
    .filter((target) => !isExternal(target))
    .map((target) => brokenLink(file, target, readDoc))
    .filter((why): why is string => why !== null);
}

describe('the configuration is documented', () => {
  const schemaNames = Object.keys(ConfigSchema.properties);

  it("names every variable of server/config.ts's ConfigSchema in the README's configuration table", () => {
    const documented = tableVariables(read('README.md'), CONFIG_TITLE);
    expect(documented.size).toBeGreaterThan(0);
    expect(schemaNames.filter((name) => !documented.has(name))).toEqual([]);
  });

  it('names no MOSHAO_* variable, in README.md, BENCHMARKS.md or docs/*.md, that server/config.ts lacks', () => {
    const known = new Set(schemaNames);
    const unknown = DOCS.flatMap((file) => [...moshaoNamesIn(read(file))].filter((name) => !known.has(name)).map((name) => `${file}: ${name}`));
    expect(unknown).toEqual([]);
  });

  it('reads a table that lists two variables in one row, and nothing outside its section', () => {
    const doc = ['## Configuration', '', '| variable | default |', '|---|---|', '| `MOSHAO_A`, `MOSHAO_B` | `1`, `MOSHAO_C` |',
      '', '## Next', '', '| `MOSHAO_D` | x |'].join('\n');
    expect([...tableVariables(doc, CONFIG_TITLE)]).toEqual(['MOSHAO_A', 'MOSHAO_B']);
    expect(moshaoNamesIn('`MOSHAO_LOG_PRETTY=true` and $MOSHAO_METRICS_TOKEN, not MOSHAO_*')).toEqual(new Set(['MOSHAO_LOG_PRETTY', 'MOSHAO_METRICS_TOKEN']));
  });
});

describe('the docs link to what exists', () => {
  it.each(DOCS)('every relative link of %s lands on a file and a heading', (file) => {
    expect(brokenLinks(file, read(file), read)).toEqual([]);
  });

  it('the README links every document of docs/', () => {
    const linked = new Set(linksOf(read('README.md')).map((target) => target.split('#')[0]));
    expect(DOCS.filter((file) => file.startsWith('docs/') && !linked.has(file))).toEqual([]);
  });

  it('finds a missing file, a missing heading and a link out of the repository', () => {
    const doc = '[a](docs/nowhere.md) [b](README.md#no-such-heading) [c](../outside.md) [d](https://example.org) [e](#configuration)\n```\n[f](in-a-code-block.md)\n```';
    expect(brokenLinks('README.md', doc, read)).toEqual([
      'README.md: docs/nowhere.md -> docs/nowhere.md does not exist',
      'README.md: README.md#no-such-heading -> no heading #no-such-heading in README.md',
      'README.md: ../outside.md leaves the repository',
    ]);
  });

  it('makes anchors as GitHub does', () => {
    expect(slugOf('Metrics: `GET /metrics`')).toBe('metrics-get-metrics');
    expect(slugOf('Other systems: 人车房物 events')).toBe('other-systems-人车房物-events');
    expect([...anchorsOf('# A\n## Open311 (GeoReport v2)\n## a\n```\n# not a heading\n```')]).toEqual(['a', 'open311-georeport-v2', 'a-1']);
  });
});
