import path from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Layering: ONE table of allow-lists. A row names a layer (a folder, or one file) and everything its files MAY import:
 * `may` lists folders and files of the repository (its own folder first, then the lower layers it builds on),
 * `packages` the packages (`node:*`, `@fastify/*` and `echarts` also cover their sub-paths), `types` what it may import
 * for types alone (`import type`, erased at run time). Anything else is refused with the row's reason. A file belongs to
 * the innermost row that contains it: server/domain/x.ts is bound by server/domain's row alone, so each row states its
 * whole list. Tests (*.test.ts, test/ folders) may also import their row's `tests` and `testPackages`, and TEST_MAY. Files under no row (bench/, scripts/, test/)
 * are not bound. Circles between modules are refused by test/lint/cycles.test.ts.
 */
/** A server test may drive the whole server (buildApp, the build scripts, the fixtures), whatever layer it tests. */
const SERVER_TEST_HELPERS = ['server', 'fixtures', 'scripts', 'test/browser/guard.ts'];
export const LAYERS = [
  { layer: 'shared', may: ['shared'], packages: ['typebox'],
    message: 'shared/ is the contract of server and client: it imports nothing outside shared/ (typebox aside).' },
  { layer: 'fixtures', may: ['fixtures', 'shared'], packages: ['node:*', '@turf/turf', 'geojson'],
    message: 'fixtures/ builds the demo world from shared/ alone.' },

  { layer: 'server', may: ['server', 'shared'], packages: ['node:*', 'fastify', '@fastify/*', 'socket.io', 'better-sqlite3', 'typebox', 'redis', 'pino', 'pino-pretty'],
    tests: SERVER_TEST_HELPERS, message: 'server/ imports server/ and shared/ (never client/); it reaches fixtures/ only through server/demo/seed-world.ts.' },
  { layer: 'server/domain', may: ['server/domain', 'shared'], packages: ['@turf/turf'], tests: SERVER_TEST_HELPERS,
    message: 'domain/ is pure: shared/ and itself, no fastify, socket.io or SQLite; it declares ports (domain/ports.ts) that others implement.' },
  { layer: 'server/domain/reports/workbook.ts', may: ['server/domain', 'shared'], packages: ['exceljs'], tests: SERVER_TEST_HELPERS,
    message: 'the report workbook is the one file that writes Excel: reports in, bytes out, pure otherwise.' },
  { layer: 'server/storage', may: ['server/storage', 'server/domain', 'shared'], packages: ['better-sqlite3', 'node:*'], tests: SERVER_TEST_HELPERS,
    message: 'storage/ is SQL only: it implements the ports of domain/ and never imports routes/, realtime/, world/ or the web server.' },
  { layer: 'server/world', may: ['server/world', 'server/storage', 'server/domain', 'shared'], packages: ['node:*', '@turf/turf'], tests: SERVER_TEST_HELPERS,
    message: 'world/ (import, export, divisions) builds on storage/ and domain/; it never loads the demo (server/demo/).' },
  { layer: 'server/demo', may: ['server/demo', 'fixtures', 'server/storage', 'server/domain', 'shared'], packages: [],
    message: 'demo/ is the one door to fixtures/: it seeds the generated world and the module streams.' },
  { layer: 'server/replay', may: ['server/replay', 'server/storage', 'server/domain', 'shared'], packages: ['node:*'], tests: SERVER_TEST_HELPERS, testPackages: ['better-sqlite3'],
    message: 'replay/ plays the demo year through domain/ and storage/; it knows no HTTP or sockets.' },
  { layer: 'server/auth', may: ['server/auth', 'server/storage', 'server/domain', 'shared'], packages: ['node:*', 'fastify'], tests: SERVER_TEST_HELPERS,
    message: 'auth/ never imports routes/: it refuses with DomainError (domain/errors.ts).' },
  { layer: 'server/realtime', may: ['server/realtime', 'server/auth', 'server/domain', 'shared'], packages: ['socket.io', 'typebox', 'node:http', 'node:crypto', '@fastify/proxy-addr'], tests: SERVER_TEST_HELPERS,
    message: 'realtime/ pushes what domain/ reports over Socket.IO; it never imports routes/ or storage/.' },
  { layer: 'server/plugins', may: ['server/plugins', 'server/domain', 'shared'], packages: ['node:*', 'fastify', '@fastify/*', 'fastify-metrics', 'prom-client'], tests: SERVER_TEST_HELPERS,
    message: 'plugins/ are infrastructure below routes/: they never import routes/.' },
  { layer: 'server/notify', may: ['server/notify', 'server/auth', 'server/storage', 'server/domain', 'shared'], packages: ['node:*', 'prom-client'], tests: SERVER_TEST_HELPERS, testPackages: ['standardwebhooks', 'better-sqlite3'],
    message: 'notify/ sends the 督办 outbox (domain/supervise/ decides what is owed, storage/ keeps it); it never imports routes/ or realtime/.' },
  { layer: 'server/print', may: ['server/print', 'shared'], packages: ['node:*', 'playwright-core'], tests: SERVER_TEST_HELPERS,
    message: 'print/ drives Chromium to print the server\'s own pages; it knows nothing of the domain.' },
  { layer: 'server/reports-schedule', may: ['server/reports-schedule', 'server/domain', 'shared'], packages: ['node:*', 'croner'], tests: SERVER_TEST_HELPERS, testPackages: ['exceljs'],
    message: 'reports-schedule/ keeps the monthly files, decides when they are due and builds workbooks off the event loop (domain/reports/workbook.ts in a worker thread); it is handed the maker, so it imports neither routes/ nor print/.' },
  { layer: 'server/media', may: ['server/media', 'server/storage', 'server/domain', 'shared'], packages: ['node:*', 'sharp'], tests: SERVER_TEST_HELPERS,
    message: 'media/ turns uploads into stored photos (sharp, the media store); it never imports routes/ or auth/: the routes decide who sees what.' },
  { layer: 'server/routes', may: ['server/routes', 'server/plugins', 'server/realtime', 'server/notify', 'server/print', 'server/reports-schedule', 'server/media', 'server/auth', 'server/storage', 'server/domain', 'shared'],
    packages: ['node:*', 'fastify', '@fastify/*', 'typebox', 'lean-qr'], tests: SERVER_TEST_HELPERS,
    message: 'routes/ are thin: they call domain/, storage/, auth/ and realtime/; nothing below imports them.' },
  { layer: 'server/cluster', may: ['server/cluster', 'server/realtime', 'shared'], packages: ['node:*', 'socket.io', 'redis', '@socket.io/*'], tests: SERVER_TEST_HELPERS,
    message: 'cluster/ joins writer and edges over Redis; it holds no state of its own.' },
  { layer: 'server/edge', may: ['server/edge', 'server/cluster', 'server/realtime', 'server/plugins',
    'server/config.ts', 'server/client-dir.ts', 'server/close-on-signals.ts', 'shared'],
    packages: ['node:*', 'fastify', '@fastify/*', 'socket.io'], tests: SERVER_TEST_HELPERS,
    message: 'edge/ holds no state: no SQLite, storage, domain, routes or auth; the writer answers over the cluster.' },

  { layer: 'client', may: ['client', 'shared'], packages: ['react', 'react-dom', 'zustand', 'echarts', 'zrender', '@fontsource/*', 'typebox'], types: ['socket.io-client'],
    message: 'client/ imports only shared/ and browser packages; only client/realtime/socket.ts opens a socket (subscribe, seq checks and event validation live there once).' },
  { layer: 'client/realtime/socket.ts', may: ['client', 'shared'], packages: ['socket.io-client'],
    message: 'the socket module imports only client/, shared/ and socket.io-client.' },
  { layer: 'client/api', may: ['client/api', 'shared'], packages: [],
    message: 'api/ is the one network layer: shared/ and itself.' },
  { layer: 'client/store', may: ['client/store', 'client/scope-from-url.ts', 'client/rotation/parse-rotation.ts', 'shared'], packages: ['zustand'],
    message: 'store/ holds state: it imports no component, hook, socket or catalogue (those read the store).' },
  { layer: 'client/m', may: ['client/m', 'client/api/http.ts', 'client/api/auth.ts', 'client/styles/fonts-shown', 'shared'], packages: ['react', 'react-dom', 'idb'],
    message: 'the phone app (/m) is its own small bundle: its folder, the one HTTP client and the font cut; never ECharts, the wall\'s store, panels or drill pages.' },
  { layer: 'client/m/live.ts', may: ['client/m', 'shared'], packages: ['socket.io-client'],
    message: 'the phone app\'s one socket: its own tickets changing, nothing else.' },
  { layer: 'client/charts/options', may: ['client/charts/options', 'client/charts/echarts.ts', 'client/charts/theme.ts', 'client/format.ts', 'shared'], packages: ['echarts'],
    message: 'option builders are pure: data in, option out.' },
];
/** What every test may import besides its layer's list. */
const TEST_MAY = { may: ['client/test'], packages: ['vitest', 'fast-check', '@testing-library/*', 'fastify', 'typebox', 'fast-xml-parser', 'zrender', 'node:*'] };
/**
 * Server tests talk to a real server as a wall does (the wall's own tests go through client/realtime/socket.ts) and read
 * its workbooks and CSV files back as a spreadsheet would.
 */
const SERVER_TEST_PACKAGES = ['socket.io-client', 'exceljs', 'csv-parse'];

const TEST_FILE = /\.test\.[cm]?[jt]sx?$|(^|\/)test\//;
const within = (path, layer) => path === layer || path.startsWith(layer + '/');
const stripExt = (p) => p.replace(/\.[cm]?[jt]sx?$/, '');
const inList = (path, list) => list.some((entry) => within(stripExt(path), stripExt(entry)));
const packageAllowed = (spec, list) => list.some((p) => (p.endsWith('*') ? spec.startsWith(p.slice(0, -1)) : spec === p || spec.startsWith(p + '/')));

/** The row binding a file: the innermost layer that contains it. */
function rowOf(file) {
  return LAYERS.filter((r) => within(stripExt(file), stripExt(r.layer))).sort((a, b) => b.layer.length - a.layer.length)[0] ?? null;
}

/** Is an import (its source string) allowed in a file (a path from the repository's root)? Returns null, or the refusal. */
export function refusal(file, spec, typeOnly) {
  const row = rowOf(file);
  if (!row) return null;
  const test = TEST_FILE.test(file);
  const may = [...row.may, ...(typeOnly ? (row.types ?? []) : []), ...(test ? [...(row.tests ?? []), ...TEST_MAY.may] : [])];
  const packages = [...row.packages, ...(typeOnly ? (row.types ?? []) : []), ...(test ? [...(row.testPackages ?? []), ...(within(row.layer, 'server') ? SERVER_TEST_PACKAGES : []), ...TEST_MAY.packages] : [])];
  if (spec.startsWith('.')) {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
    return inList(target, may) ? null : `${row.layer} may not import ${target}: ${row.message}`;
  }
  return packageAllowed(spec, packages) ? null : `${row.layer} may not import the package ${spec}: ${row.message}`;
}

const allowedImports = {
  meta: { type: 'problem', schema: [], docs: { description: 'each layer imports only what its row in the layer table allows' } },
  create(context) {
    const file = path.relative(context.cwd, context.filename).split(path.sep).join('/');
    if (file.startsWith('..') || !rowOf(file)) return {};
    const check = (node, source, typeOnly) => {
      if (!source || typeof source.value !== 'string') return;
      const why = refusal(file, source.value, typeOnly);
      if (why) context.report({ node: source, message: why });
    };
    const onlyTypes = (node, kind) => node[kind] === 'type' || (node.specifiers?.length > 0 && node.specifiers.every((s) => s[kind] === 'type'));
    return {
      ImportDeclaration: (node) => check(node, node.source, onlyTypes(node, 'importKind')),
      ExportNamedDeclaration: (node) => check(node, node.source, onlyTypes(node, 'exportKind')),
      ExportAllDeclaration: (node) => check(node, node.source, node.exportKind === 'type'),
      ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source : null, false),
    };
  },
};
const LAYER_CONFIG = {
  name: 'layers',
  files: ['**/*.{ts,tsx,mts,cts,js,mjs}'],
  plugins: { layers: { rules: { 'allowed-imports': allowedImports } } },
  rules: { 'layers/allowed-imports': 'error' },
};

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
  LAYER_CONFIG,
  ONE_HTTP_CLIENT,
);
