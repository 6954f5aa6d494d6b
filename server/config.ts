import { isIP } from 'node:net';
import Type, { type Static } from 'typebox';
import { Value } from 'typebox/value';
import { DEMO_DEFAULT_START_MS, MODES, REPLAY_SPEED_MAX, REPLAY_YEAR_START_MS } from '../shared/constants.js';
import { parseReplayCommand } from '../shared/replay-command.js';
import { LOG_LEVELS } from './plugins/logging.js';
import { DEMO_CONTROLS, type DemoControls } from './realtime/replay-gate.js';

export const ROLES = ['all', 'writer', 'edge'] as const;
/** One origin as a browser sends it: scheme, host, optional port, nothing after. */
const ORIGIN_PATTERN = 'https?://[^/,\\s]+';

/** Configuration from the environment: one schema, the type derived from it. */
export const ConfigSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  MOSHAO_DB: Type.String({ minLength: 1, default: 'data/moshao.db' }),
  /** Folder of the tickets' photos (content-addressed files); back it up with the database (npm run backup). */
  MOSHAO_MEDIA_DIR: Type.String({ minLength: 1, default: 'data/media' }),
  MOSHAO_MODE: Type.Enum(MODES, { default: "demo" }),
  /** Bearer token of the mini-program intake; generated and printed once when unset. */
  MOSHAO_INTAKE_TOKEN: Type.Optional(Type.String({ minLength: 16 })),
  /** Password of the account "admin", set at every start; made up and printed once when unset and no admin exists. */
  MOSHAO_ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 10, maxLength: 200 })),
  /** Virtual seconds per real second at start (0 = as fast as the machine goes). */
  MOSHAO_REPLAY_SPEED: Type.Number({ minimum: 0, maximum: REPLAY_SPEED_MAX, default: 600 }),
  MOSHAO_REPLAY_LOOP: Type.Boolean({ default: true }),
  /** Where a fresh demo begins: "start" (2023-01-01 00:00) or an ISO instant inside 2023; when set, also at every restart. */
  MOSHAO_REPLAY_FROM: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  /** Intake budget per token or account: requests a minute, and how many at once (server/auth/door.ts). */
  MOSHAO_INTAKE_PER_MINUTE: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 120 }),
  MOSHAO_INTAKE_BURST: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 60 }),
  /**
   * Who may drive the demo replay from a wall's socket: 'open' any wall, 'supervisors' only admin/district sessions.
   * Unset: 'open' when HOST is a loopback address, 'supervisors' otherwise (demoControlsFor).
   */
  MOSHAO_DEMO_CONTROLS: Type.Optional(Type.Enum(DEMO_CONTROLS)),
  /** Comma-separated CIDRs whose X-Forwarded-For is believed (a writer's edges, a reverse proxy); loopback by default. */
  MOSHAO_TRUSTED_PROXIES: Type.String({ default: '127.0.0.0/8,::1' }),
  /** Directory of the periodic online backups; none are taken when unset. */
  MOSHAO_BACKUP_DIR: Type.Optional(Type.String({ minLength: 1 })),
  MOSHAO_BACKUP_INTERVAL_MINUTES: Type.Number({ minimum: 1, maximum: 10_080, default: 60 }),
  /** How many backups stay in MOSHAO_BACKUP_DIR; older ones are deleted. */
  MOSHAO_BACKUP_KEEP: Type.Integer({ minimum: 1, maximum: 10_000, default: 24 }),
  /** Where the monthly run keeps each month's workbook and PDF, <dir>/<scope>/<YYYY-MM>.<xlsx|pdf>. */
  MOSHAO_REPORTS_DIR: Type.String({ minLength: 1, default: 'data/reports' }),
  /** Bearer token a scraper on another machine sends to read /metrics; loopback callers need none. */
  MOSHAO_METRICS_TOKEN: Type.Optional(Type.String({ minLength: 16 })),
  /** Level of the JSON log lines on stdout ('silent': none). */
  MOSHAO_LOG_LEVEL: Type.Enum(LOG_LEVELS, { default: 'info' }),
  /** Readable log lines through pino-pretty, a dev dependency: npm run dev sets it; never in production. */
  MOSHAO_LOG_PRETTY: Type.Boolean({ default: false }),
  /** Push cluster: 'all' one process; 'writer' owns SQLite and every write; 'edge' serves walls and forwards the API. */
  MOSHAO_ROLE: Type.Enum(ROLES, { default: 'all' }),
  /** The Redis that joins writer and edges (writer, edge), e.g. redis://127.0.0.1:6379. */
  MOSHAO_REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  /** Where an edge forwards /api/* and /open311/*, e.g. http://127.0.0.1:3000. */
  MOSHAO_WRITER_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  /** Socket.IO connections one address may hold open in one process (the one process, a writer or an edge). */
  MOSHAO_SOCKETS_PER_ADDRESS: Type.Integer({ minimum: 1, maximum: 100_000, default: 200 }),
  /** Origins besides the server's own whose pages may open a socket, comma-separated, e.g. https://wall.example.org. */
  MOSHAO_ALLOWED_ORIGINS: Type.String({ default: '', pattern: `^(${ORIGIN_PATTERN}(\\s*,\\s*${ORIGIN_PATTERN})*)?$` }),
  /** 督办 receivers may be on loopback, private or link-local addresses (tests, an intranet receiver); refused otherwise. */
  MOSHAO_NOTIFY_PRIVATE_TARGETS: Type.Boolean({ default: false }),
  /** The demo sends its 督办 notices for real (within each robot's limit) instead of recording them as simulated. */
  MOSHAO_NOTIFY_IN_DEMO: Type.Boolean({ default: false }),
  /** Where a notice's link points (a ticket's drill page), e.g. https://moshao.example.cn; default http://HOST:PORT. */
  MOSHAO_PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://[^\\s]+$', maxLength: 300 })),
});
export type Config = Omit<Static<typeof ConfigSchema>, 'MOSHAO_DEMO_CONTROLS'> & { MOSHAO_DEMO_CONTROLS: DemoControls };

const NUMERIC = new Set(['PORT', 'MOSHAO_REPLAY_SPEED', 'MOSHAO_INTAKE_PER_MINUTE', 'MOSHAO_INTAKE_BURST', 'MOSHAO_BACKUP_INTERVAL_MINUTES', 'MOSHAO_BACKUP_KEEP', 'MOSHAO_SOCKETS_PER_ADDRESS']);
const BOOLEAN = new Set(['MOSHAO_REPLAY_LOOP', 'MOSHAO_LOG_PRETTY']);
BOOLEAN.add('MOSHAO_NOTIFY_PRIVATE_TARGETS');
BOOLEAN.add('MOSHAO_NOTIFY_IN_DEMO');

/** Parses the environment; throws an Error whose one-line message names the bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(ConfigSchema.properties)) {
    const value = env[key];
    if (value === undefined || value === '') continue;
    if (NUMERIC.has(key)) raw[key] = value.trim() === '' || Number.isNaN(Number(value)) ? value : Number(value);
    else if (BOOLEAN.has(key)) raw[key] = value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;
    else raw[key] = value;
  }
  const withDefaults = Value.Default(ConfigSchema, raw);
  const errors = [...Value.Errors(ConfigSchema, withDefaults)];
  if (errors.length > 0) {
    const first = errors[0];
    const path = (first as { instancePath?: string }).instancePath ?? '';
    const name = path.replace(/^\//, '') || '(environment)';
    const hint = name === 'MOSHAO_MODE' ? `must be one of ${MODES.join(', ')}`
      : name === 'MOSHAO_DEMO_CONTROLS' ? `must be one of ${DEMO_CONTROLS.join(', ')}`
      : name === 'MOSHAO_LOG_LEVEL' ? `must be one of ${LOG_LEVELS.join(', ')}`
      : name === 'MOSHAO_ROLE' ? `must be one of ${ROLES.join(', ')}`
      : name === 'MOSHAO_REDIS_URL' ? 'must be a redis:// or rediss:// URL'
      : name === 'MOSHAO_PUBLIC_URL' ? 'must be an http:// or https:// URL'
      : name === 'MOSHAO_WRITER_URL' ? 'must be an http:// or https:// URL'
      : name === 'MOSHAO_ALLOWED_ORIGINS' ? 'must be origins separated by commas, e.g. https://wall.example.org,http://10.0.0.5:8080' : first.message;
    throw new Error(`Invalid ${name}=${JSON.stringify(env[name] ?? '')}: ${hint}`);
  }
  const parsed = withDefaults as Static<typeof ConfigSchema>;
  const config: Config = { ...parsed, MOSHAO_DEMO_CONTROLS: parsed.MOSHAO_DEMO_CONTROLS ?? demoControlsFor(parsed.HOST) };
  const badProxy = trustedProxiesOf(config).find((cidr) => !isCidr(cidr));
  if (badProxy !== undefined) {
    throw new Error(`Invalid MOSHAO_TRUSTED_PROXIES=${JSON.stringify(config.MOSHAO_TRUSTED_PROXIES)}: "${badProxy}" is not an address or CIDR, e.g. 127.0.0.0/8,::1,10.0.0.0/8`);
  }
  if (config.MOSHAO_ROLE !== 'all' && !config.MOSHAO_REDIS_URL) {
    throw new Error(`Invalid MOSHAO_REDIS_URL="": MOSHAO_ROLE=${config.MOSHAO_ROLE} needs the cluster's Redis, e.g. redis://127.0.0.1:6379`);
  }
  if (config.MOSHAO_ROLE === 'edge' && !config.MOSHAO_WRITER_URL) {
    throw new Error('Invalid MOSHAO_WRITER_URL="": MOSHAO_ROLE=edge needs the writer\'s address, e.g. http://127.0.0.1:3000');
  }
  if (config.MOSHAO_REPLAY_FROM !== undefined && replayStartOf(config) === null) {
    throw new Error(`Invalid MOSHAO_REPLAY_FROM=${JSON.stringify(config.MOSHAO_REPLAY_FROM)}: must be "start" or an ISO date-time inside 2023 (Asia/Shanghai), e.g. 2023-10-17T09:30:00+08:00`);
  }
  return config;
}

/** MOSHAO_ALLOWED_ORIGINS as the handshake compares them (scheme://host[:port], lower case, default ports left out). */
export function allowedOriginsOf(config: Pick<Config, 'MOSHAO_ALLOWED_ORIGINS'>): string[] {
  return config.MOSHAO_ALLOWED_ORIGINS.split(',').map((o) => o.trim()).filter((o) => o !== '').map((o) => new URL(o).origin);
}

/**
 * Where the demo stands at start: unset, a fresh demo opens on a busy autumn morning with the year so far applied (a
 * database that already has a position resumes there); set, that instant at every start. Null when the value is bad.
 */
export function replayStartOf(config: Pick<Config, 'MOSHAO_REPLAY_FROM'>): { at: number; always: boolean } | null {
  const value = config.MOSHAO_REPLAY_FROM;
  if (value === undefined) return { at: DEMO_DEFAULT_START_MS, always: false };
  if (value === 'start') return { at: REPLAY_YEAR_START_MS, always: true };
  const parsed = parseReplayCommand({ action: 'seek', to: value });
  return parsed.ok && parsed.command.action === 'seek' ? { at: parsed.command.to, always: true } : null;
}

/** Whether HOST only listens on this machine: 127.0.0.0/8, ::1 or localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || (isIP(h) === 4 && h.startsWith('127.'));
}

/** A demo on a loopback address is one person's; anywhere else a stranger's wall must not drive it. */
export function demoControlsFor(host: string): DemoControls {
  return isLoopbackHost(host) ? 'open' : 'supervisors';
}

/** MOSHAO_TRUSTED_PROXIES as a list (what Fastify's trustProxy takes). */
export function trustedProxiesOf(config: Pick<Config, 'MOSHAO_TRUSTED_PROXIES'>): string[] {
  return config.MOSHAO_TRUSTED_PROXIES.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** An IPv4 or IPv6 address, optionally with a /prefix in range. */
function isCidr(value: string): boolean {
  const [address, prefix, extra] = value.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}
