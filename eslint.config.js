import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Layering: ONE table. A row forbids some imports in the files of a layer (a folder) and in every layer below it
 * (server/domain is also server). `except` names sub-layers (folders, or single files) the row does not bind; `tests: false` lets test code
 * (*.test.ts, test/ folders) break the row; `allowTypeImports` permits `import type`, which leaves no runtime edge.
 */
const LAYER_RULES = [
  {
    layer: 'shared',
    group: ['**/server/**', '**/client/**', '**/fixtures/**', '**/test/**', '**/bench/**', 'node:*', 'fastify', '@fastify/*',
      'socket.io', 'socket.io-client', 'better-sqlite3', 'react', 'react-dom', 'echarts', 'zustand'],
    message: 'shared/ is the contract of server and client: it imports nothing outside shared/ (typebox aside).',
  },
  {
    layer: 'server',
    group: ['**/client/**'],
    message: 'server/ never imports client/.',
  },
  {
    layer: 'server',
    except: ['server/demo'],
    tests: false,
    allowTypeImports: true,
    group: ['**/fixtures/**'],
    message: 'the server reaches fixtures/ only through server/demo/seed-world.ts (types of the world rows aside).',
  },
  {
    layer: 'server/domain',
    group: ['fastify', '@fastify/*', 'socket.io', 'better-sqlite3', '**/realtime/**', '**/routes/**'],
    message: 'domain/ is pure: no fastify, socket.io or SQLite; it calls injected ports.',
  },
  {
    layer: 'server/storage',
    group: ['**/routes/**', '**/realtime/**', 'fastify', '@fastify/*', 'socket.io'],
    message: 'storage/ is SQL only: it never imports routes/, realtime/ or the web server.',
  },
  {
    layer: 'server/auth',
    group: ['**/routes/**'],
    message: 'auth/ never imports routes/: it refuses with DomainError (domain/errors.ts).',
  },
  {
    layer: 'server/edge',
    group: ['better-sqlite3', '**/storage/**', '**/domain/**', '**/routes/**', '**/auth/**', '**/app.js'],
    message: 'edge/ holds no state: no SQLite, storage, domain, routes or auth; the writer answers over the cluster.',
  },
  {
    layer: 'client',
    group: ['**/server/**', '**/fixtures/**', 'better-sqlite3', 'fastify', '@fastify/*', 'socket.io'],
    message: 'client/ imports only shared/ and browser packages.',
  },
  {
    layer: 'client',
    except: ['client/realtime/socket.ts'],
    allowTypeImports: true,
    group: ['socket.io-client'],
    message: 'only client/realtime/socket.ts opens a socket: subscribe, seq checks and event validation live there once.',
  },
  {
    layer: 'client/charts/options',
    group: ['**/realtime/**', '**/store/**', 'react'],
    message: 'option builders are pure: data in, option out.',
  },
  {
    layer: 'fixtures',
    group: ['**/server/**', '**/client/**'],
    message: 'fixtures/ builds the demo world from shared/ alone.',
  },
];

const TEST_FILES = ['**/*.test.ts', '**/*.test.tsx', '**/test/**'];
const within = (dir, layer) => dir === layer || dir.startsWith(layer + '/');
/** A layer may be one file (an exception such as the socket module): its config then matches that file alone. */
const isFile = (dir) => /\.[cm]?[jt]sx?$/.test(dir);

/**
 * Flat config keeps only the LAST `no-restricted-imports` that matches a file: one config per table row would let
 * server/domain's row silently replace server's. So every folder named in the table gets one config (two: its code and
 * its tests) carrying ALL the rows that bind it, emitted outer folders first so the innermost one is the one kept.
 */
function layerConfigs(rules) {
  const dirs = [...new Set(rules.flatMap((r) => [r.layer, ...(r.except ?? [])]))];
  dirs.sort((a, b) => a.split('/').length - b.split('/').length);
  const patterns = (dir, forTests) => rules
    .filter((r) => within(dir, r.layer) && !(r.except ?? []).some((e) => within(dir, e)) && !(forTests && r.tests === false))
    .map((r) => ({ group: r.group, message: r.message, ...(r.allowTypeImports ? { allowTypeImports: true } : {}) }));
  const rule = (p) => ({ 'no-restricted-imports': p.length ? ['error', { patterns: p }] : 'off' });
  return dirs.flatMap((dir) =>
    isFile(dir)
      ? [{ name: `layers/${dir}`, files: [dir], rules: rule(patterns(dir, false)) }]
      : [
          { name: `layers/${dir}`, files: [`${dir}/**`], ignores: TEST_FILES, rules: rule(patterns(dir, false)) },
          { name: `layers/${dir} tests`, files: TEST_FILES.map((t) => `${dir}/${t}`), rules: rule(patterns(dir, true)) },
        ],
  );
}

/**
 * Only client/api/http.ts calls fetch: errors, the CSRF header and timeouts are handled there once. Tests stub the
 * global with vi.stubGlobal('fetch', ...), which names it as a string and so stays allowed.
 */
const HTTP_MODULE = 'client/api/http.ts';
const FETCH_MESSAGE = `only ${HTTP_MODULE} calls fetch: use its request()/getJson().`;
const ONE_HTTP_CLIENT = {
  name: 'client/one http client',
  files: ['client/**'],
  ignores: [HTTP_MODULE],
  rules: {
    'no-restricted-globals': ['error', { name: 'fetch', message: FETCH_MESSAGE }],
    'no-restricted-properties': ['error', ...['window', 'globalThis', 'self'].map((object) => ({ object, property: 'fetch', message: FETCH_MESSAGE }))],
  },
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'screenshots/**', 'fixtures/geo/_*.mts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  ...layerConfigs(LAYER_RULES),
  ONE_HTTP_CLIENT,
);
