import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { proseOf } from './markdown.js';

/*
 * docs/architecture.md shows the layer table of eslint.config.js to a reader; the linter enforces the one in the
 * config. This keeps the two the same: every row, what it may import from the repository, and its packages.
 */

interface LayerRow {
  layer: string;
  may: string[];
  packages: string[];
  types?: string[];
  testPackages?: string[];
}

const CONFIG_URL = new URL('../../eslint.config.js', import.meta.url).href;
const ARCHITECTURE = readFileSync(new URL('../../docs/architecture.md', import.meta.url), 'utf8');

/** The rows of the table under `## The layers`: layer -> the backticked names of its two import cells. */
function documentedLayers(markdown: string): Map<string, { may: string[]; packages: string[] }> {
  const prose = proseOf(markdown);
  const start = prose.indexOf('\n## The layers');
  const rest = prose.slice(start + 1);
  const end = rest.indexOf('\n## ', 1);
  const section = end < 0 ? rest : rest.slice(0, end);
  const rows = new Map<string, { may: string[]; packages: string[] }>();
  const names = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]).sort();
  for (const line of section.split('\n')) {
    const cells = line.split('|').slice(1, -1);
    const layer = /^\s*`([^`]+)`\s*$/.exec(cells[0] ?? '');
    if (cells.length < 4 || !layer) continue;
    rows.set(layer[1], { may: names(cells[1]), packages: names(cells[2]) });
  }
  return rows;
}

describe("docs/architecture.md's layer table", () => {
  it('states every row of LAYERS in eslint.config.js as it is', async () => {
    const { LAYERS } = (await import(CONFIG_URL)) as { LAYERS: LayerRow[] };
    const documented = documentedLayers(ARCHITECTURE);
    expect([...documented.keys()].sort()).toEqual(LAYERS.map((row) => row.layer).sort());
    for (const row of LAYERS) {
      const packages = [...row.packages, ...(row.types ?? []), ...(row.testPackages ?? [])].sort();
      expect({ layer: row.layer, ...documented.get(row.layer) }).toEqual({ layer: row.layer, may: [...row.may].sort(), packages });
    }
  });

  it('reads a row, and leaves out rows of other sections', () => {
    const doc = ['## The layers', '', '| layer | may | packages | why |', '|---|---|---|---|', '| `a` | `a`, `b` | none | `x` |',
      '', '## Next', '', '| `c` | `c` | `d` | y |'].join('\n');
    expect([...documentedLayers(doc)]).toEqual([['a', { may: ['a', 'b'], packages: [] }]]);
  });
});
