import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import { Server } from 'socket.io';
import { BOARD_INITIAL_TICKETS, DISTRICT_CODE, MAX_BODY_BYTES, REPLAY_YEAR_START_MS, SOCKET_MAX_MESSAGE_BYTES, type Mode } from '../shared/constants.js';
import { SESSION_COOKIE } from '../shared/schemas/auth.js';
import { defaultClientDir } from './client-dir.js';
import { createCellLocator } from './domain/cell-locator.js';
import { createLiveState } from './domain/live-state.js';
import { moduleWindow, tallyOf, type CellTally } from './domain/module-activity.js';
import { createModuleEventService } from './domain/module-event-service.js';
import { publicTicket } from './domain/projection.js';
import { buildScopeDirectory } from './domain/scope-directory.js';
import { createTicketService, type TicketService } from './domain/ticket-service.js';
import type { LiveState } from './domain/live-state.js';
import { createBroadcaster, type MoshaoServer, type RealtimeBroadcaster } from './realtime/broadcaster.js';
import { socketGauges } from './realtime/socket-gauges.js';
import { createScreenRegistry } from './realtime/screen-registry.js';
import { createMineChannel, type MineChannel } from './realtime/mine.js';
import type { Ticket } from '../shared/schemas/ticket.js';
import { createReplayCallers, createReplayGate, type DemoControls } from './realtime/replay-gate.js';
import { createHandshakeGuard, DEFAULT_SOCKETS_PER_ADDRESS } from './realtime/handshake-guard.js';
import { registerSocketHandlers } from './realtime/socket-handlers.js';
import { createReplayClock, wallClock } from './replay/clock.js';
import { createDemoTimeline } from './replay/demo-timeline.js';
import { createReplayControl } from './auth/replay-control.js';
import { createReplayer, streamHoursAt, type ReplayProgress, type Replayer } from './replay/replayer.js';
import { layOutTimeline, TIMELINE_VERSION } from './replay/timeline-setup.js';
import { dropCheckpoint, restoreAggregates, startCheckpoints } from './storage/saved-aggregates.js';
import { createAuth, type Auth } from './auth/auth-module.js';
import { shortVillageName, type World } from '../shared/world.js';
import { seedDivisionsIfEmpty } from './world/divisions.js';
import type { GeneratedCredential } from './auth/accounts.js';
import type { DoorBudgets } from './auth/door.js';
import { createEdgePresence } from './cluster/edge-presence.js';
import type { ClusterLink } from './cluster/redis-link.js';
import { serveEdges } from './cluster/serve-edges.js';
import { registerClientFiles } from './plugins/client-files.js';
import { registerCompression } from './plugins/compression.js';
import { loggerOptions, type LogOptions } from './plugins/logging.js';
import { registerMetrics } from './plugins/metrics.js';
import { createMoshaoMetrics } from './plugins/moshao-metrics.js';
import { registerSecurity } from './plugins/security.js';
import { registerWellFormedText } from './plugins/well-formed-text.js';
import { createNotifier, type Notifier, type NotifyOptions } from './notify/notifier.js';
import { notifyRoutes } from './routes/notify.js';
import { superviseRoutes } from './routes/supervise.js';
import { adminRoutes } from './routes/admin.js';
import { authRoutes } from './routes/auth.js';
import { controlRoutes } from './routes/control.js';
import { drillRoutes } from './routes/drill.js';
import { moduleRoutes } from './routes/modules.js';
import { frameworkErrors, registerErrorHandling } from './routes/errors.js';
import { open311FrameworkErrors, open311Routes } from './routes/open311.js';
import { overviewRoutes } from './routes/overview.js';
import { bodyHash } from './routes/idempotency.js';
import { ticketRoutes } from './routes/tickets.js';
import { reportRoutes } from './routes/reports.js';
import { reporterRoutes } from './routes/reporters.js';
import { publicReportRoutes } from './routes/public-reports.js';
import { roundRoutes } from './routes/rounds.js';
import { monthlyBreakdownRoutes } from './routes/reports-monthly.js';
import { createReportFileStore } from './reports-schedule/file-store.js';
import { createReportScheduler, type ReportScheduler } from './reports-schedule/scheduler.js';
import { monthOf } from '../shared/report-month.js';
import { mediaRoutes } from './routes/media.js';
import { createFileStore } from './media/file-store.js';
import { createMediaService, type MediaService } from './media/media-service.js';
import { createMediaRepository } from './storage/media-repository.js';
import { startBackupTimer, type BackupSchedule } from './storage/backup.js';
import { startCheckpointWorker } from './storage/checkpoint-worker.js';
import { foldWal, openDatabase, type Db } from './storage/database.js';
import { createModuleEventRepository } from './storage/module-event-repository.js';
import { createReplayRepository } from './storage/replay-repository.js';
import { createReportRepository } from './storage/report-repository.js';
import { withRequestBudget } from './storage/request-budget.js';
import { createTicketRepository } from './storage/ticket-repository.js';
import { walFileBytes } from './storage/wal-size.js';
import { createWriteBatcher } from './storage/write-batcher.js';
import { createWorldRepository } from './storage/world-repository.js';
import { createWorldWriter } from './storage/world-writer.js';

export interface AppOptions {
  dbPath: string;
  mode?: Mode;
  /** Bearer token for intake; random when not given (read it from app.moshao.intakeToken). */
  intakeToken?: string;
  replaySpeed?: number;
  replayLoop?: boolean;
  /**
   * Where the demo stands at start: `at` (epoch ms inside 2023); `always` false applies it only to a database whose
   * timeline was just laid out (a fresh demo), true also to one that already has a position (MOSHAO_REPLAY_FROM set).
   * Default: the year's start, on fresh databases only.
   */
  replayFrom?: { at: number; always: boolean };
  /** Start the replay clock playing once the server is ready (main.ts does; tests drive it by hand). */
  autoPlay?: boolean;
  /** A pre-built world for the first load (tests share one); otherwise generated. */
  world?: World;
  seed?: number;
  ticketScale?: number;
  /** Fastify's pino logger: off when unset (tests), JSON lines at info with `true`, or these options (main.ts). */
  logger?: boolean | LogOptions;
  /** MOSHAO_METRICS_TOKEN: a scraper on another machine reads /metrics with it (loopback callers need none). */
  metricsToken?: string;
  onProgress?: (line: string) => void;
  clientDir?: string;
  /** MOSHAO_ADMIN_PASSWORD: the admin's password (username admin); made up and returned in generatedCredentials when unset. */
  adminPassword?: string;
  /** Demo mode: fixed passwords of the 丁卯街道 supervisor (dingmao) and the viewer (viewer); made up when unset. */
  demoAccounts?: { townPassword: string; viewerPassword: string };
  /** Wall clock of sessions, the audit log and the rate limits (tests move it); Date.now by default. */
  authNow?: () => number;
  /** MOSHAO_DEMO_CONTROLS: 'open' (default) lets any wall drive the replay over its socket; 'supervisors' only logged-in ones. */
  demoControls?: DemoControls;
  /** Other budgets than server/auth/door.ts DOOR_BUDGETS (the ingest benchmark lifts the intake budget). */
  budgets?: Partial<DoorBudgets>;
  /**
   * MOSHAO_REPORTS_DIR: where the monthly files are kept and listed; `schedule` starts the monthly run (main.ts does;
   * tests call app.moshao.reportSchedule.runDue() by hand). Unset: no kept files, and none are made.
   */
  reports?: { dir: string; schedule?: boolean };
  /** Periodic online backups (MOSHAO_BACKUP_DIR); none when unset. */
  backup?: BackupSchedule;
  /**
   * MOSHAO_TRUSTED_PROXIES: addresses and CIDRs whose X-Forwarded-For names the caller (edges, a reverse proxy). Unset:
   * loopback for a writer, nobody otherwise.
   */
  trustedProxies?: string[];
  /** MOSHAO_ROLE=writer: joins the push cluster over Redis and answers its edges (server/cluster); the caller closes the link. */
  cluster?: Pick<ClusterLink, 'adapter'>;
  /** MOSHAO_SOCKETS_PER_ADDRESS (default 200) and MOSHAO_ALLOWED_ORIGINS (default none): server/realtime/handshake-guard.ts. */
  socketsPerAddress?: number;
  allowedOrigins?: string[];
  /** Other handshake budgets per address than the guard's 50 at once, then 20/s (the benchmarks open thousands of walls). */
  handshakes?: { burst: number; perSecond: number };
  /** 督办 notices (MOSHAO_NOTIFY_PRIVATE_TARGETS, MOSHAO_NOTIFY_IN_DEMO, MOSHAO_PUBLIC_URL); see docs/supervise.md. */
  notify?: NotifyOptions;
  /**
   * MOSHAO_MEDIA_DIR: where photos are kept (server/media/file-store.ts). Unset: data/media, or for an in-memory database
   * (tests) a temporary folder removed on close.
   */
  mediaDir?: string;
  /** Called for every route as it is added, before any is (tests check that each declares its response schema). */
  onRoute?: (route: RouteOptions) => void;
}

export interface MoshaoHandle {
  db: Db;
  io: MoshaoServer;
  intakeToken: string;
  service: TicketService;
  live: LiveState;
  broadcaster: RealtimeBroadcaster;
  replayer: Replayer | null;
  now: () => number;
  auth: Auth;
  /** Passwords made up at this start, for main.ts to print once; empty when every account already existed. */
  generatedCredentials: GeneratedCredential[];
  /** 督办: the level index, the outbox and its sender, the subscriptions. */
  notify: Notifier;
  /** The monthly run (null without opts.reports): runDue() makes the month due at the clock, if not made yet. */
  reportSchedule: ReportScheduler | null;
  /** Photos (server/media/media-service.ts): tests run its cleanup by hand. */
  media: MediaService;
}

declare module 'fastify' {
  interface FastifyInstance {
    moshao: MoshaoHandle;
  }
}

const CHECKPOINT_INTERVAL_MS = 30_000;
const LIVE_TICK_MS = 1000;
const MEDIA_CLEANUP_INTERVAL_MS = 60 * 60_000;
/** A start after a crash counts again at most the rows written in the last minute, or about this many. */
const AGGREGATES_CHECKPOINT_MS = 60_000;
const AGGREGATES_CHECKPOINT_CHANGES = 5_000;

/** Composes storage, domain, realtime and routes. Never listens: main.ts does that, tests use inject or listen(0). */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const mode: Mode = opts.mode ?? 'demo';
  const progress = opts.onProgress ?? (() => {});

  // Storage, and on first start the demo's generated world, or in live mode the real divisions alone (a live world is
  // imported with npm run world:import, never generated).
  // Only the demo loads its generator (server/demo and fixtures/): a live server never does.
  const demo = mode === 'demo' ? await import('./demo/seed-world.js') : null;
  const db = openDatabase(opts.dbPath);
  const world = createWorldRepository(db);
  try {
    if (demo) demo.seedWorldIfEmpty(world, opts, progress);
    else seedDivisionsIfEmpty(createWorldWriter(db), progress);
  } catch (err) {
    db.close(); // a database of the other mode: nothing was started yet, so nothing else to stop
    throw err;
  }
  const stopCheckpoints = startCheckpointWorker(db, CHECKPOINT_INTERVAL_MS, progress);
  const stopBackups = opts.backup ? startBackupTimer(db, opts.backup, progress) : async () => {};
  const tickets = createTicketRepository(db);
  const plan = createReplayRepository(db);
  const moduleEvents = createModuleEventRepository(db);

  // The world's static directory and the live aggregates.
  const categories = world.listCategories();
  const cells = new Map(world.listCells().map((c) => [c.id, c]));
  if (mode === 'live' && cells.size === 0) progress('live mode without a district world: intake answers 409 no_world until one is imported (npm run world:import -- <dir>, then restart)');
  const villages = world.listVillages();
  const towns = world.listTowns();
  const directory = buildScopeDirectory({
    districtName: '镇江经开区', towns, villages, cells: [...cells.values()],
    organisation: world.countOrganisationByCell(), branches: world.countBranchesByVillage(), standings: world.listCellStandings(),
  });
  // 人车房物: other systems' stored events in both modes; in the demo also the fixture streams, fed through the same path.
  const cellInputs = [...cells.values()].map((c) => {
    const s = directory.get(c.id)!;
    return { id: c.id, households: c.households, vehicles: s.standing.vehicles.registered, centralHouseholds: s.counts.centralHouseholds };
  });
  const activityOf = demo ? demo.activityOfHour(cellInputs) : () => [];
  const modulesAt = (at: number): CellTally[] => {
    const { from, to } = moduleWindow(at);
    const stored = [...moduleEvents.eventsBetween(from, to), ...moduleEvents.houseChangesUntil(to)].map((e) => tallyOf(e.event, e.at));
    return mode === 'demo' ? [...stored, ...streamHoursAt(at).flatMap(activityOf)] : stored;
  };
  const live = createLiveState(directory, modulesAt, (scope) => notifier.index.countsOf(scope));
  const townNames = new Map(towns.map((t) => [t.code, t.name]));
  // The names people use for the handling unit: 新茂社区, 石桥村, 丁卯社区 (the same short names the cells carry).
  const villageNames = new Map(villages.map((v) => [v.code, shortVillageName(v.name)]));
  const places = new Map([...cells.values()].map((c) => [c.id, { villageName: villageNames.get(c.villageCode)!, townName: townNames.get(c.townCode)! }]));

  const categoryMap = new Map(categories.map((c) => [c.code, c]));
  // The demo's year as a timeline: laid out once per database (ids fixed, every planned step an event row).
  let freshTimeline = false;
  if (mode === 'demo' && world.getMeta('timeline') !== TIMELINE_VERSION) {
    dropCheckpoint(db); // every row is written again: a checkpoint would only record a million changes
    layOutTimeline({ plan, tickets, categories: categoryMap, places }, progress);
    world.setMeta('timeline', TIMELINE_VERSION);
    world.setMeta('replay_processed_to', String(REPLAY_YEAR_START_MS));
    freshTimeline = true;
    foldWal(db); // the year's rows, folded into the file before anything is served
  }
  const progressStore = {
    load: (): ReplayProgress => ({
      processedTo: Number(world.getMeta('replay_processed_to') ?? REPLAY_YEAR_START_MS),
      seek: JSON.parse(world.getMeta('replay_seek') ?? 'null') as ReplayProgress['seek'],
    }),
    save: (p: ReplayProgress) => {
      world.setMeta('replay_processed_to', String(p.processedTo));
      world.setMeta('replay_seek', JSON.stringify(p.seek));
    },
  };
  const clock = mode === 'demo' ? createReplayClock(progressStore.load().processedTo, opts.replaySpeed ?? 600) : null;
  const now = clock ? clock.now : wallClock.now;
  const rebuildStarted = Date.now();
  const restored = restoreAggregates(db, tickets, live, now());
  if (!restored.restored) live.rebuild(tickets.iterateCounted(now()), now());
  progress(`aggregates ${restored.restored ? 'taken back from the last checkpoint' : 'rebuilt'} (${live.countersOf().total} tickets; ${restored.detail}) in ${Date.now() - rebuildStarted} ms`);

  // HTTP and Socket.IO on one server.
  // A writer hears callers through its edges, which name the caller's address; only the listed proxies are believed
  // (HTTP and socket handshakes alike), anyone else could name any address and step around the per-address limits.
  const trustedProxies = opts.trustedProxies ?? (opts.cluster ? ['127.0.0.0/8', '::1'] : false);
  const app = Fastify({
    logger: opts.logger ? loggerOptions(opts.logger === true ? {} : opts.logger) : false, forceCloseConnections: true, bodyLimit: MAX_BODY_BYTES,
    trustProxy: trustedProxies,
    frameworkErrors: (err, req, reply) => {
      if (!open311FrameworkErrors(err, req, reply)) frameworkErrors(err, req, reply);
    },
  });
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  // Each request's SQL is counted and timed from its first hook on; past its budget it answers 503 busy.
  const sqlBudgets = new WeakMap<object, { close(): void }>();
  app.addHook('onRequest', (req, _reply, done) => { sqlBudgets.set(req, withRequestBudget(done)); });
  app.addHook('onResponse', async (req) => sqlBudgets.get(req)?.close());
  if (opts.onRoute) app.addHook('onRoute', opts.onRoute);
  registerErrorHandling(app);
  await registerSecurity(app);
  registerWellFormedText(app);
  await registerCompression(app); // before every route: it applies to the routes registered after it
  const metrics = createMoshaoMetrics();
  await registerMetrics(app, { registry: metrics.registry, token: opts.metricsToken });
  // A bigger message closes its connection before it is parsed; the event schemas bound what fits inside.
  const handshakes = createHandshakeGuard({
    socketsPerAddress: opts.socketsPerAddress ?? DEFAULT_SOCKETS_PER_ADDRESS, allowedOrigins: opts.allowedOrigins ?? [], trustedProxies,
    handshakes: opts.handshakes,
  });
  const io: MoshaoServer = new Server(app.server, { serveClient: false, maxHttpBufferSize: SOCKET_MAX_MESSAGE_BYTES, allowRequest: handshakes.allowRequest });
  handshakes.watch(io.engine);
  if (opts.cluster) io.adapter(opts.cluster.adapter);
  const presence = opts.cluster ? createEdgePresence() : null;
  const broadcaster = createBroadcaster(io, live, { onFlush: metrics.flushed, watchedElsewhere: presence?.watched });
  // The demo's year: the service records people's actions in it, the replayer moves it along; made before both.
  const timeline = clock ? createDemoTimeline(progressStore.load().processedTo) : undefined;
  const notifier = createNotifier({
    db, mode, options: { publicUrl: `http://127.0.0.1:3000`, ...opts.notify }, ticketNow: now, wallNow: opts.authNow ?? Date.now,
    loadTicket: (id) => { const t = service.findTicket(id); return t ? publicTicket(t) : null; },
    categories: categoryMap, registry: metrics.registry, audit: { record: (...a) => auth.audit.record(...a) },
    meta: { get: (k) => world.getMeta(k), set: (k, v) => world.setMeta(k, v) }, warn: (line) => app.log.warn(line),
    resume: (at) => service.tick(at), // a burst's next slice, its counts pushed like any tick's
  });
  // A reporter's own tickets are announced to their sockets too (realtime/mine.ts, made once sessions exist).
  let mine: MineChannel | null = null;
  const ticketPort = { ...broadcaster.port, ticketChanged: (t: Ticket) => { broadcaster.port.ticketChanged(t); mine?.ticketChanged(t); } };
  const service = createTicketService({
    tickets, live, broadcaster: ticketPort, clock: { now }, categories: categoryMap, places, timeline, observer: metrics.observer,
    supervise: { changed: notifier.changed, advance: notifier.advance },
  });
  const screens = createScreenRegistry();
  metrics.gauges({
    ...socketGauges(io),
    screensReporting: () => screens.list().filter((s) => s.connected).length,
    walBytes: () => walFileBytes(db),
    clockSeconds: () => now() / 1000,
  });

  const allScopes = [...directory.keys()];
  const replayer: Replayer | null = clock && timeline
    ? createReplayer({
        clock, timeline, tickets, service, live, broadcaster: broadcaster.port, allScopes, activityOf,
        resync: () => {
          notifier.rebuild(now(), true); // a jump: what holds at the new instant is recorded, never sent (docs/supervise.md)
          for (const scope of allScopes) broadcaster.bumpSeq(scope);
          broadcaster.port.scopesChanged(allScopes, ['clock', 'tickets', 'kpi', 'series', 'modules']);
        },
        categories: categoryMap, places,
        loop: opts.replayLoop ?? true,
        progress: progressStore,
        onStateChange: (s) => io.emit('replay:state', s),
        log: (m) => app.log.info(m),
        writesFirst: () => writes.run(() => undefined),
      })
    : null;
  if (replayer) {
    await replayer.recover();
    const from = opts.replayFrom ?? { at: REPLAY_YEAR_START_MS, always: false };
    if ((freshTimeline || from.always) && from.at !== replayer.processedTo) {
      const r = await replayer.seekTo(from.at);
      progress(`demo starts at ${new Date(from.at).toISOString()}: ${r.changed} tickets laid out in ${r.ms.toFixed(0)} ms`);
    }
  }

  notifier.rebuild(now(), mode === 'demo');
  const intakeToken = opts.intakeToken ?? randomBytes(18).toString('base64url');
  const fullVillageNames = new Map(villages.map((v) => [v.code, v.name]));
  const auth = createAuth({
    db, now: opts.authNow ?? Date.now, townNames, configuredIntakeToken: intakeToken, budgets: opts.budgets,
    describeReporter: (b) => {
      const cell = cells.get(b.gridId);
      return cell ? {
        staffId: b.staffId, staffRole: b.staffRole, gridId: b.gridId, gridName: cell.name,
        villageCode: cell.villageCode, villageName: fullVillageNames.get(cell.villageCode) ?? cell.villageCode,
      } : null;
    },
  });

  const principalOfCookie = (cookieHeader: string | undefined) => {
    const sessionId = cookieHeader ? app.parseCookie(cookieHeader)[SESSION_COOKIE] : undefined;
    return sessionId ? (auth.sessions.resolve(sessionId)?.principal ?? null) : null;
  };
  mine = createMineChannel(io, principalOfCookie, auth.reporterRepo.accountOwners());
  const replayGate = createReplayGate(opts.demoControls ?? 'open', principalOfCookie);
  const replayControl = replayer && createReplayControl({
    replayer, now: opts.authNow,
    audit: (caller, cmd, outcome) => auth.audit.record(caller.actor, 'replay.command', 'replay', outcome === 'done' ? { ...cmd } : { ...cmd, superseded: true }, caller.ip),
  });
  const socketDeps = {
    io, live, broadcaster, screens, tick: () => service.tick(), replay: replayControl, replayGate, replayCaller: createReplayCallers(principalOfCookie),
    addressOf: handshakes.addressOf,
    board: (scope: string) => tickets.listTickets({
      gridPrefix: scope === DISTRICT_CODE ? undefined : scope, until: now(), limit: BOARD_INITIAL_TICKETS,
    }).map(publicTicket),
  };
  registerSocketHandlers(socketDeps);
  const edges = presence ? serveEdges(socketDeps, presence) : null;
  const generatedCredentials = await auth.accounts.bootstrap({ mode, adminPassword: opts.adminPassword, demoAccounts: opts.demoAccounts });
  // HTTP writes share one commit per event-loop turn; a failed commit rebuilds the aggregates from SQLite.
  const writes = createWriteBatcher(db, () => {
    service.forgetAll();
    live.rebuild(tickets.iterateCounted(now()), now());
    notifier.rebuild(now(), mode === 'demo');
  }, { beforeFlush: () => replayer?.catchUp(), busy: () => replayer?.seeking ?? false, idle: () => replayer?.idle() ?? Promise.resolve(),
    onCommit: (size) => metrics.committed(size, broadcaster.pending()) });
  const moduleEventService = createModuleEventService({
    store: moduleEvents, live, broadcaster: broadcaster.port, hasCell: (id) => cells.has(id), inTransaction: (fn) => writes.run(fn),
    actionTime: () => service.actionTime(), hashOf: bodyHash, observer: { accepted: (types) => metrics.moduleEventsAccepted(types) },
  });
  const authNow = opts.authNow ?? Date.now;
  const tempMediaDir = opts.mediaDir === undefined && opts.dbPath === ':memory:' ? mkdtempSync(join(tmpdir(), 'moshao-media-')) : null;
  const media = createMediaService({
    repo: createMediaRepository(db), store: createFileStore(opts.mediaDir ?? tempMediaDir ?? 'data/media'), now: authNow,
    write: (fn) => writes.run(fn),
  });
  const ctx = {
    mode, world, tickets, service, live, moduleEvents, moduleEventService, broadcaster: broadcaster.port, categories, cells, writes,
    locateCell: createCellLocator(world.listGeometries('grid')),
    auth, townNames, places,
    screens, reloadScreen: (socketId: string) => io.to(socketId).emit('screen:reload'),
    replay: replayControl, clockNow: now, metrics, media, ticketPhotos: { photosOf: (ids: readonly number[]) => media.photosOfMany(ids) }, mine, publicUrl: opts.notify?.publicUrl ?? null,
  };
  await app.register(overviewRoutes(ctx));
  await app.register(ticketRoutes(ctx));
  await app.register(controlRoutes(ctx));
  await app.register(authRoutes(ctx));
  await app.register(adminRoutes(ctx));
  await app.register(drillRoutes(ctx));
  await app.register(open311Routes(ctx), { prefix: '/open311/v2' });
  await app.register(moduleRoutes(ctx));
  await app.register(notifyRoutes(ctx, notifier));
  await app.register(superviseRoutes(ctx, notifier));
  const reportRepository = createReportRepository(db);
  const monthly = monthlyBreakdownRoutes(ctx, reportRepository);
  const reportFiles = opts.reports ? createReportFileStore(opts.reports.dir) : null;
  const reports = reportRoutes(ctx, reportRepository, reportFiles, { monthly: monthly.breakdownFor });
  await app.register(reports);
  await app.register(monthly);
  // The monthly run follows the clock that runs: the replay's in the demo (its year's first month first), wall time live.
  const reportSchedule = reportFiles && createReportScheduler({
    mode, now, firstMonth: mode === 'demo' ? monthOf(REPLAY_YEAR_START_MS) : monthOf(0), scopes: [DISTRICT_CODE, ...towns.map((t) => t.code)],
    store: reportFiles, make: (key) => reports.makeFile(key, app.server.address()), log: (line) => app.log.info(line),
  });
  await app.register(reporterRoutes(ctx));
  await app.register(publicReportRoutes(ctx));
  await app.register(roundRoutes(ctx));
  await app.register(mediaRoutes(ctx, authNow));

  await registerClientFiles(app, opts.clientDir ?? defaultClientDir());

  // The aggregates checkpointed while no jump is half-done; a last one at a clean shutdown (see saved-aggregates.ts).
  const aggregateCheckpoints = startCheckpoints(db, live, {
    ready: () => !(replayer?.seeking ?? false), countedThrough: () => replayer?.processedTo ?? null,
    everyMs: AGGREGATES_CHECKPOINT_MS, maxChanges: AGGREGATES_CHECKPOINT_CHANGES, log: (line) => app.log.warn(line),
  });

  app.decorate('moshao', { db, io, intakeToken, service, live, broadcaster, replayer, now, auth, generatedCredentials, notify: notifier, reportSchedule, media } satisfies MoshaoHandle);
  app.addHook('onReady', async () => notifier.start());
  app.addHook('preClose', () => notifier.stop());
  // Started once listening: a print loads this server's own page.
  if (opts.reports?.schedule && reportSchedule) app.addHook('onListen', async () => reportSchedule.start());
  app.addHook('preClose', async () => reportSchedule?.stop());

  // Photos nobody attached within a day go: checked at start and every hour (a pass is bounded, the next takes the rest).
  let mediaTimer: NodeJS.Timeout | null = null;
  const cleanMedia = () => { media.cleanup().catch((err: Error) => app.log.warn(`media cleanup: ${err.message}`)); };
  app.addHook('onReady', async () => {
    cleanMedia();
    mediaTimer = setInterval(cleanMedia, MEDIA_CLEANUP_INTERVAL_MS).unref();
  });
  app.addHook('preClose', async () => { if (mediaTimer) clearInterval(mediaTimer); });

  let liveTimer: NodeJS.Timeout | null = null;
  app.addHook('onReady', async () => {
    if (replayer) {
      // Loaded in the background; a close before it is done ends the load.
      replayer.prepare().catch((err: Error) => app.log.info(`replay: timeline not loaded (${err.message})`));
      replayer.start();
      if (opts.autoPlay) await replayer.command({ action: 'play' });
    } else {
      liveTimer = setInterval(() => {
        service.tick();
        broadcaster.port.scopesChanged(allScopes, ['clock']);
      }, LIVE_TICK_MS);
    }
  });
  app.addHook('preClose', async () => {
    replayer?.stop();
    if (liveTimer) clearInterval(liveTimer);
    broadcaster.close();
    edges?.stop();
    // Only this node's sockets: through a cluster adapter the plain call would close every edge's walls too.
    io.local.disconnectSockets(true);
    io.engine.close();
  });
  app.addHook('onClose', async () => {
    await stopBackups();
    aggregateCheckpoints.stop();
    await stopCheckpoints();
    db.close();
    if (tempMediaDir) rmSync(tempMediaDir, { recursive: true, force: true });
  });
  return app;
}
