import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { circlesOf, importGraph } from './import-graph.js';

/*
 * No circles between modules of server/, client/, shared/ and fixtures/ (tests aside): every import, `import type`
 * included, resolved as tsconfig.json resolves it. The layer table (eslint.config.js) keeps folders one-way; this keeps
 * the modules inside a folder one-way too.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'moshao-cycles-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(scratch, 'p-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('import circles', () => {
  it('the repository has none', () => {
    const graph = importGraph(ROOT);
    expect(graph.size).toBeGreaterThan(200);
    expect(circlesOf(graph).map((c) => c.join(' <-> '))).toEqual([]);
  });

  it('finds a circle made of a type import, through .js specifiers and an index file, and names its modules', () => {
    const dir = project({
      'client/store/a.ts': "import { b } from './b.js';\nexport const a = b;\n",
      'client/store/b.ts': "import type { C } from '../c/index.js';\nexport const b = 1 as C;\n",
      'client/c/index.ts': "import { a } from '../store/a.js';\nexport type C = number;\nexport const c = a;\n",
      'client/store/a.test.ts': "import { a } from './a.js';\nexport const t = a;\n",
      'shared/leaf.ts': 'export const leaf = 1;\n',
    });
    expect(circlesOf(importGraph(dir))).toEqual([['client/c/index.ts', 'client/store/a.ts', 'client/store/b.ts']]);
  });

  it('finds a module that imports itself, and says nothing of a graph that only branches', () => {
    expect(circlesOf(new Map([['a', ['a']]]))).toEqual([['a']]);
    expect(circlesOf(new Map([['a', ['b', 'c']], ['b', ['c']], ['c', []]]))).toEqual([]);
    expect(circlesOf(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual([['a', 'b', 'c']]);
  });
});
