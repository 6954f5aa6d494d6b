import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/*
 * Lints one-import probes, as if they sat at the given path, with the repository's eslint.config.js: each layer's
 * allow-list must refuse an import it does not list (naming the layer's reason) and stay silent on one it lists. A
 * config change that opens a hole, or forgets a layer, fails here.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT, overrideConfigFile: `${ROOT}eslint.config.js` });
});

type Probe = { code: string; shown: string };
/** A probe that imports a value from `source`, and uses it so that only the layer rule can complain. */
const value = (source: string): Probe => ({ code: `import * as probe from '${source}';\nexport { probe };\n`, shown: `import ${source}` });
/** A probe that imports only a type (erased at runtime). */
const typeOnly = (source: string): Probe => ({
  code: `import type { Probe } from '${source}';\nexport type Same = Probe;\n`, shown: `import type from ${source}`,
});
const reexport = (source: string): Probe => ({ code: `export * from '${source}';\n`, shown: `export * from ${source}` });

async function lint(filePath: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages;
}

// [probe path, code, fragment of the layer message that must be reported]. A file answers to its innermost row alone.
const FORBIDDEN: [string, Probe, string][] = [
  ['shared/probe.ts', value('../server/app.js'), 'shared/ is the contract'],
  ['shared/schemas/probe.ts', value('../../client/store/store.js'), 'shared/ is the contract'],
  ['shared/probe.ts', value('../fixtures/generate.js'), 'shared/ is the contract'],
  ['shared/probe.ts', value('fastify'), 'shared/ is the contract'],
  ['shared/probe.ts', value('better-sqlite3'), 'shared/ is the contract'],
  ['shared/probe.ts', value('node:fs'), 'shared/ is the contract'],
  ['shared/probe.ts', { code: "export const probe = () => import('../server/app.js');\n", shown: 'import() of ../server/app.js' }, 'shared/ is the contract'],
  ['server/domain/probe.ts', value('fastify'), 'domain/ is pure'],
  ['server/domain/probe.ts', value('socket.io'), 'domain/ is pure'],
  ['server/domain/probe.ts', value('better-sqlite3'), 'domain/ is pure'],
  ['server/domain/probe.ts', value('../routes/errors.js'), 'domain/ is pure'],
  ['server/domain/probe.ts', value('../realtime/broadcaster.js'), 'domain/ is pure'],
  // domain declares its ports; storage implements them: not even a type crosses upward
  ['server/domain/probe.ts', typeOnly('../storage/ticket-repository.js'), 'domain/ is pure'],
  ['server/domain/probe.ts', value('../../client/store/store.js'), 'domain/ is pure'],
  ['server/domain/probe.ts', value('../../fixtures/generate.js'), 'domain/ is pure'],
  // an allow-list: a package nobody listed is refused, not let through
  ['server/domain/probe.ts', value('left-pad'), 'domain/ is pure'],
  ['server/domain/probe.test.ts', value('better-sqlite3'), 'domain/ is pure'],
  ['server/storage/probe.ts', value('../routes/errors.js'), 'storage/ is SQL only'],
  ['server/storage/probe.ts', value('fastify'), 'storage/ is SQL only'],
  ['server/storage/probe.ts', typeOnly('../world/format.js'), 'storage/ is SQL only'],
  ['server/storage/probe.ts', value('../../client/api/http.js'), 'storage/ is SQL only'],
  ['server/storage/probe.ts', typeOnly('../../fixtures/types.js'), 'storage/ is SQL only'],
  ['server/world/probe.ts', value('../demo/seed-world.js'), 'never loads the demo'],
  ['server/world/probe.ts', value('../../fixtures/geo/build-geography.js'), 'never loads the demo'],
  ['server/plugins/probe.ts', value('../routes/errors.js'), 'plugins/ are infrastructure below routes/'],
  ['server/replay/probe.ts', value('../routes/errors.js'), 'replay/ plays the demo year'],
  ['server/realtime/probe.ts', value('../storage/ticket-repository.js'), 'realtime/ pushes'],
  ['server/auth/probe.ts', value('../routes/errors.js'), 'auth/ never imports routes/'],
  ['server/auth/probe.ts', typeOnly('../routes/context.js'), 'auth/ never imports routes/'],
  ['server/auth/probe.ts', reexport('../routes/errors.js'), 'auth/ never imports routes/'],
  ['server/edge/probe.ts', value('better-sqlite3'), 'edge/ holds no state'],
  ['server/edge/probe.ts', value('../storage/database.js'), 'edge/ holds no state'],
  ['server/edge/probe.ts', value('../domain/live-state.js'), 'edge/ holds no state'],
  ['server/edge/probe.ts', value('../app.js'), 'edge/ holds no state'],
  ['server/edge/probe.ts', value('../../client/store/store.js'), 'edge/ holds no state'],
  ['server/probe.ts', value('../fixtures/generate.js'), 'only through server/demo/seed-world.ts'],
  ['server/probe.ts', value('../client/store/index.js'), 'never client/'],
  ['server/routes/probe.ts', value('../../fixtures/streams.js'), 'routes/ are thin'],
  ['server/routes/probe.ts', value('../demo/seed-world.js'), 'routes/ are thin'],
  ['server/demo/probe.ts', value('../../client/store/store.js'), 'demo/ is the one door to fixtures/'],
  ['client/probe.ts', value('../server/app.js'), 'client/ imports only shared/'],
  ['client/panels/probe.tsx', value('../../fixtures/generate.js'), 'client/ imports only shared/'],
  ['client/probe.ts', value('better-sqlite3'), 'client/ imports only shared/'],
  ['client/probe.ts', value('fastify'), 'client/ imports only shared/'],
  ['client/store/probe.ts', typeOnly('../i18n/messages.js'), 'store/ holds state'],
  ['client/store/probe.ts', value('../panels/Panel.js'), 'store/ holds state'],
  ['client/store/probe.ts', value('../realtime/socket.js'), 'store/ holds state'],
  ['client/api/probe.ts', value('../store/index.js'), 'api/ is the one network layer'],
  ['client/charts/options/probe.ts', value('react'), 'option builders are pure'],
  ['client/charts/options/probe.ts', value('../../store/store.js'), 'option builders are pure'],
  ['client/charts/options/probe.ts', value('socket.io-client'), 'option builders are pure'],
  ['client/charts/options/probe.ts', value('../../../server/domain/aggregates.js'), 'option builders are pure'],
  ['client/charts/options/probe.ts', value('better-sqlite3'), 'option builders are pure'],
  ['fixtures/probe.ts', value('../server/app.js'), 'fixtures/ builds the demo world from shared/ alone'],
  ['fixtures/probe.ts', value('react'), 'fixtures/ builds the demo world from shared/ alone'],
  // one socket module: no second subscribe/seq/validation path may come back beside it
  ['client/probe.ts', value('socket.io-client'), 'only client/realtime/socket.ts opens a socket'],
  ['client/drill/live/probe.ts', value('socket.io-client'), 'only client/realtime/socket.ts opens a socket'],
  ['client/realtime/probe.ts', value('socket.io-client'), 'only client/realtime/socket.ts opens a socket'],
  ['client/drill/probe.test.ts', value('socket.io-client'), 'only client/realtime/socket.ts opens a socket'],
  // the phone app stays small and its own: no ECharts, no wall store or panels, one socket module of its own
  ['client/m/probe.ts', value('echarts/core'), 'the phone app (/m) is its own small bundle'],
  ['client/m/probe.ts', value('../store/index.js'), 'the phone app (/m) is its own small bundle'],
  ['client/m/pages/probe.ts', value('../../drill/DrillApp.js'), 'the phone app (/m) is its own small bundle'],
  ['client/m/probe.ts', value('socket.io-client'), 'the phone app (/m) is its own small bundle'],
];

// [probe path, code]: allowed imports of each layer (and the exceptions the table grants), which must lint clean.
const ALLOWED: [string, Probe][] = [
  ['shared/schemas/probe.ts', value('typebox')],
  ['shared/schemas/probe.ts', value('../constants.js')],
  ['server/domain/probe.ts', value('../../shared/constants.js')],
  ['server/domain/probe.ts', value('./errors.js')],
  ['server/domain/probe.ts', value('@turf/turf')],
  ['server/storage/probe.ts', value('better-sqlite3')],
  ['server/storage/probe.ts', typeOnly('../domain/ports.js')],
  ['server/storage/probe.ts', typeOnly('../../shared/world.js')],
  ['server/world/probe.ts', value('./divisions.js')],
  ['server/world/probe.ts', value('../storage/world-writer.js')],
  ['server/auth/probe.ts', value('../domain/errors.js')],
  ['server/plugins/probe.ts', value('../domain/errors.js')],
  ['server/routes/probe.ts', value('fastify')],
  ['server/routes/probe.ts', typeOnly('../plugins/moshao-metrics.js')],
  ['server/probe.ts', value('./demo/seed-world.js')],
  ['server/demo/probe.ts', value('../../fixtures/generate.js')],
  ['server/test/probe.ts', value('../../fixtures/generate.js')],
  ['server/domain/probe.test.ts', value('../../fixtures/prng.js')],
  ['server/routes/probe.test.ts', value('socket.io-client')],
  ['server/probe.ts', value('socket.io')],
  ['client/realtime/socket.ts', value('socket.io-client')],
  ['client/drill/probe.ts', typeOnly('socket.io-client')],
  ['client/m/probe.ts', value('idb')],
  ['client/m/probe.ts', value('../api/http.js')],
  ['client/m/live.ts', value('socket.io-client')],
  ['server/edge/probe.ts', value('../realtime/event-guard.js')],
  ['client/probe.ts', value('../shared/constants.js')],
  ['client/i18n/probe.ts', value('../store/index.js')],
  ['client/store/probe.ts', value('./wall-store.js')],
  ['client/store/probe.ts', value('zustand/vanilla')],
  ['client/charts/options/probe.ts', value('echarts/core')],
  ['client/charts/options/probe.ts', value('../../../shared/constants.js')],
  ['fixtures/probe.ts', value('../shared/constants.js')],
];

describe('the one HTTP client', () => {
  const FETCHES = ["fetch('/api/health')", "window.fetch('/api/health')", "globalThis.fetch('/api/health')"];
  it.each(FETCHES)('client/drill/probe.ts may not call %s', async (call) => {
    const messages = await lint('client/drill/probe.ts', `export const probe = () => ${call};\n`);
    expect(messages).toHaveLength(1);
    expect(messages[0].message).toContain('only client/api/http.ts calls fetch');
    expect(messages[0].severity).toBe(2);
  });

  it('lets client/api/http.ts call fetch, and code outside client/ too', async () => {
    expect(await lint('client/api/http.ts', "export const probe = () => fetch('/api/health');\n")).toEqual([]);
    expect(await lint('test/browser/probe.ts', "export const probe = () => fetch('/api/health');\n")).toEqual([]);
  });
});

describe('the layer table in eslint.config.js', () => {
  it.each(FORBIDDEN.map(([file, probe, reason]) => ({ file, probe, reason, shown: probe.shown })))('$file refuses $shown', async ({ file, probe, reason }) => {
    const messages = await lint(file, probe.code);
    expect(messages.map((m) => m.ruleId)).toEqual(['layers/allowed-imports']);
    expect(messages[0].message).toContain(reason);
    expect(messages[0].severity).toBe(2);
  });

  it.each(ALLOWED.map(([file, probe]) => ({ file, probe, shown: probe.shown })))('$file allows $shown', async ({ file, probe }) => {
    expect(await lint(file, probe.code)).toEqual([]);
  });

  it('lints the probes as the files they pretend to be, not as ignored or unmatched files', async () => {
    const config = await eslint.calculateConfigForFile(`${ROOT}server/domain/probe.ts`);
    expect(config.rules['layers/allowed-imports'][0]).toBe(2);
    expect(await eslint.isPathIgnored(`${ROOT}client/charts/options/probe.ts`)).toBe(false);
  });
});
