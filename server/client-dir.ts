import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the built client is: dist/client at the repo root, the nearest folder above the module holding package.json.
 * A fixed relative path would not do: this module runs as server/client-dir.ts under tsx and as
 * dist/server/server/client-dir.js once compiled, one folder level apart.
 */
export function defaultClientDir(moduleUrl: string | URL = import.meta.url): string {
  const start = dirname(fileURLToPath(moduleUrl));
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'dist', 'client');
    if (dirname(dir) === dir) return join(start, '..', 'dist', 'client');
  }
}
