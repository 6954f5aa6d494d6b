import type { Registry } from 'prom-client';
import { Counter, Gauge } from 'prom-client';
import { HOUR_MS, type Mode } from '../../shared/constants.js';
import type { NewSubscriptionBody, SubscriptionPatchBody, SubscriptionView } from '../../shared/schemas/notify.js';
import type { Category, PublicTicket, Ticket } from '../../shared/schemas/ticket.js';
import type { AuditLog } from '../auth/audit-log.js';
import { DomainError } from '../domain/errors.js';
import { SUPERVISE_LEVELS, type SupervisedTicket } from '../domain/supervise/rules.js';
import { createSuperviseIndex, type NoticeRecord, type RebuildMode, type SliceDone, type SubscriptionTarget } from '../domain/supervise/supervise-index.js';
import type { Db } from '../storage/database.js';
import { createOutboxRepository, NOTIFY_CHANNELS, type Subscription } from '../storage/outbox-repository.js';
import { isWebhookSecret, newWebhookSecret } from './channels.js';
import { createSender, type SendResult } from './sender.js';
import { checkTarget } from './url-guard.js';

/** Notification settings (MOSHAO_NOTIFY_* and MOSHAO_PUBLIC_URL); tests shorten the timeouts and the waits. */
export interface NotifyOptions {
  /** MOSHAO_NOTIFY_PRIVATE_TARGETS: allow receivers on loopback, private and link-local addresses. */
  privateTargets?: boolean;
  /** MOSHAO_NOTIFY_IN_DEMO: the demo sends for real instead of recording `simulated` rows. */
  inDemo?: boolean;
  /** MOSHAO_PUBLIC_URL: where a notice's ticket link points (its drill page). */
  publicUrl?: string;
  timeoutMs?: number;
  retryDelaysMs?: readonly number[];
  pollMs?: number;
  /** Start the sender when the app is ready (default); tests drive it with notify.sender.drain(). */
  autoSend?: boolean;
  /** The most outbox rows one advance records (ADVANCE_SLICE_ROWS); tests make it small to cut a burst into many slices. */
  sliceRows?: number;
}

export interface NotifierDeps {
  db: Db;
  mode: Mode;
  options: NotifyOptions;
  /** The tickets' clock (the replay's in the demo). */
  ticketNow: () => number;
  wallNow: () => number;
  loadTicket: (id: number) => PublicTicket | null;
  categories: Map<string, Category>;
  registry: Registry;
  audit: Pick<AuditLog, 'record'>;
  meta: { get(key: string): string | null; set(key: string, value: string): void };
  /** A failed attempt, as a warning line: ids and the error only. */
  warn?: (line: string) => void;
  /**
   * A burst left tickets due for later slices: advance again on a later turn, through the ticket service's tick, which
   * pushes the scopes whose counts moved (default: the notifier advances by itself, and nothing is pushed).
   */
  resume?: (now: number) => void;
}

const NOTIFIER = { kind: 'anonymous', name: 'notifier' } as const;
const EVALUATED_TO = 'supervise_evaluated_to';
const EVALUATED_SAVE_EVERY_MS = 60_000;
/**
 * One advance (a slice) records at most this many outbox rows, and stops sooner once it has run this long. A row costs
 * about 20 µs on a quiet machine (an INSERT OR IGNORE into a table with six indexes): a slice stays well under the
 * 50 ms the event loop may be held, and on a busy machine the time bound cuts it shorter. A burst of 10,000 tickets
 * overdue at once across 300 subscriptions (about 500,000 rows) takes some hundreds of slices, each its own
 * transaction on its own turn of the event loop, with requests, sends and the wall's pushes in between.
 */
export const ADVANCE_SLICE_ROWS = 1000;
export const ADVANCE_SLICE_MS = 15;
const NOTHING: ReadonlySet<string> = new Set();

/** The robot's key (企业微信 key=, 钉钉 access_token=) shortened in a URL shown back: it is as good as a password. */
export function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    for (const [k, v] of url.searchParams) if (v.length > 0) url.searchParams.set(k, `${v.slice(0, 4)}…`);
    return url.toString();
  } catch {
    return '…';
  }
}

export function viewOf(s: Subscription): SubscriptionView {
  return {
    id: s.id, name: s.name, scope: s.scope, unit: s.unit, channel: s.channel, url: redactUrl(s.url), hasSecret: s.secret !== null,
    levels: s.levels, mentionMobiles: s.mentionMobiles, disabledAt: s.disabledAt, createdAt: s.createdAt, updatedAt: s.updatedAt,
  };
}

/** A ticket as the 督办 rules read it; its closing clock started closeHours before its closing deadline. */
export function supervisedOf(t: Ticket, categories: Map<string, Category>): SupervisedTicket {
  const closeHours = categories.get(t.category)?.closeHours ?? 0;
  return {
    id: t.id, gridId: t.gridId, status: t.status, handlingUnit: t.handlingUnit, reportedAt: t.reportedAt,
    responseDueAt: t.responseDueAt, closeDueAt: t.closeDueAt, closeFrom: t.closeDueAt - closeHours * HOUR_MS, escalations: t.escalations,
  };
}

/**
 * 督办 notices wired together: the index of levels, the outbox it writes to, the sender that drains it, and the
 * subscriptions admins manage. The ticket service calls changed() inside each ticket write and advance() on its ticks.
 */
export function createNotifier(deps: NotifierDeps) {
  const { options } = deps;
  const repo = createOutboxRepository(deps.db);
  const allowPrivate = options.privateTargets ?? false;
  const simulate = deps.mode === 'demo' && !(options.inDemo ?? false);

  const notifications = new Counter({
    name: 'moshao_notifications_total', help: '督办 notices by channel, level and result (sent, failed, dead, simulated).',
    labelNames: ['channel', 'level', 'result'], registers: [deps.registry],
  });
  for (const channel of NOTIFY_CHANNELS) for (const level of SUPERVISE_LEVELS) for (const result of ['sent', 'failed', 'dead', 'simulated']) notifications.inc({ channel, level, result }, 0);
  new Gauge({
    name: 'moshao_outbox_pending', help: '督办 outbox rows still to send (pending, or failed and waiting for a retry).',
    registers: [deps.registry], collect() { this.set(repo.countPending()); },
  });

  let subs: Subscription[] = repo.listSubscriptions();
  let targets: SubscriptionTarget[] = [];
  const refresh = () => {
    subs = repo.listSubscriptions();
    targets = subs.map((s) => ({ id: s.id, scope: s.scope, unit: s.unit, levels: s.levels, disabled: s.disabledAt !== null }));
  };
  refresh();
  const channelOf = (id: number) => subs.find((s) => s.id === id)?.channel ?? 'webhook';

  let lastSaved = 0;
  const record = (rows: NoticeRecord[]) => {
    repo.transaction(() => {
      const now = deps.wallNow();
      for (const r of rows) {
        const status = r.quiet || simulate ? 'simulated' : 'pending';
        if (repo.insertNotice({ ...r, status, now }) && status === 'simulated') notifications.inc({ channel: channelOf(r.subscriptionId), level: r.level, result: 'simulated' });
      }
    });
  };
  const index = createSuperviseIndex({ subscriptions: () => targets, record });
  const sliceRows = options.sliceRows ?? ADVANCE_SLICE_ROWS;
  /** A new slice's budget: its rows and its time. */
  const slice = (): SliceDone => {
    const started = performance.now();
    return (rows) => rows >= sliceRows || performance.now() - started >= ADVANCE_SLICE_MS;
  };

  // One later turn at a time carries a burst on; stop() cancels it (the rest is recorded after the restart).
  let resumeTimer: NodeJS.Immediate | null = null;
  let stopped = false;
  // It goes on at the instant the index has reached when it runs, not one taken when it was asked for: a demo's jump
  // back in between rebuilds the index at the new instant, and the ticket service must not be moved past it.
  const resumeLater = () => {
    if (resumeTimer || stopped) return;
    resumeTimer = setImmediate(() => {
      resumeTimer = null;
      if (stopped) return;
      if (deps.resume) deps.resume(index.at);
      else notifier.advance(index.at);
    });
  };

  const sender = createSender({
    repo, now: deps.wallNow, ticketNow: deps.ticketNow, loadTicket: deps.loadTicket, allowPrivate,
    categoryName: (code) => deps.categories.get(code)?.name ?? code,
    publicUrl: options.publicUrl ?? 'http://127.0.0.1:3000', timeoutMs: options.timeoutMs, retryDelaysMs: options.retryDelaysMs, pollMs: options.pollMs,
    log: deps.warn,
    onAttempt: (a) => {
      notifications.inc({ channel: a.sub.channel, level: a.level, result: a.result });
      if (a.result !== 'sent') deps.warn?.(`notify: subscription ${a.sub.id} (${a.sub.channel}) digest ${a.batchId}: ${a.result}, ${a.error ?? ''}`);
      if (a.result === 'dead' && a.httpStatus === 410) refresh();
      deps.audit.record(NOTIFIER, 'notify.send', `subscription:${a.sub.id}`, {
        webhookId: String(a.batchId), channel: a.sub.channel, level: a.level, tickets: a.ticketIds, result: a.result,
        httpStatus: a.httpStatus, error: a.error,
      }, 'local');
    },
  });

  /** What a subscription must satisfy beyond its schema: a reachable public URL, a fitting secret. */
  const checked = async (s: Omit<Subscription, 'id' | 'createdAt' | 'updatedAt'>): Promise<typeof s> => {
    await checkTarget(s.url, allowPrivate);
    if (s.channel === 'webhook') {
      const secret = s.secret ?? newWebhookSecret();
      if (!isWebhookSecret(secret)) throw new DomainError(400, 'invalid_secret', 'A webhook secret is whsec_ followed by base64 of 16 bytes or more; leave it out to get one made.', 'secret');
      return { ...s, secret };
    }
    if (s.channel === 'dingtalk' && !s.secret) {
      throw new DomainError(400, 'secret_required', 'A 钉钉 robot needs its 加签 secret (SEC…): unsigned robots can be posted to by anyone who sees the URL.', 'secret');
    }
    if (s.channel === 'wecom') return { ...s, secret: null };
    return s;
  };

  const notifier = {
    repo,
    index,
    sender,
    supervisedOf: (t: Ticket) => supervisedOf(t, deps.categories),

    /** A ticket was written (inside its transaction): the notices it now owes are written with it. */
    changed: (t: Ticket, at: number): ReadonlySet<string> => index.changed(supervisedOf(t, deps.categories), at),

    /**
     * Builds the index at start-up or after a demo's jump (see RebuildMode). Live mode catches up from the last instant
     * evaluated, in slices like advance().
     */
    rebuild(now: number, quiet: boolean): void {
      const saved = Number(deps.meta.get(EVALUATED_TO) ?? now);
      const mode: RebuildMode = quiet ? { quiet: true } : { quiet: false, since: Math.min(saved, now), done: slice() };
      repo.transaction(() => index.rebuild(repo.iterateOpenSupervised(now), now, mode));
      if (index.hasDue(now)) resumeLater();
    },

    /**
     * The clock moved: due notices are recorded, at most a slice of rows in this transaction, each row with the level
     * change that caused it; the rest is resumed on a later turn (see ADVANCE_SLICE_ROWS). Live mode also notes the
     * instant evaluated, once a minute, and only once nothing before it is left to record: after a kill -9 mid-burst
     * the restart's rebuild starts from that instant and records what the slices had not (the unique index drops what
     * they had).
     */
    advance(now: number): ReadonlySet<string> {
      const saveDue = deps.mode === 'live' && deps.wallNow() - lastSaved >= EVALUATED_SAVE_EVERY_MS;
      if (!index.hasDue(now) && !saveDue) return NOTHING;
      const changed = repo.transaction(() => {
        const moved = index.advance(now, slice());
        if (saveDue && !index.hasDue(now)) {
          lastSaved = deps.wallNow();
          deps.meta.set(EVALUATED_TO, String(index.at));
        }
        return moved;
      });
      if (index.hasDue(now)) resumeLater();
      return changed;
    },

    listSubscriptions: (): SubscriptionView[] => subs.map(viewOf),

    /** Creates a subscription; the answer is the only place its secret is ever shown. */
    async createSubscription(body: NewSubscriptionBody): Promise<SubscriptionView & { secret: string | null }> {
      const s = await checked({
        name: body.name, scope: body.scope ?? null, unit: body.unit ?? null, channel: body.channel, url: body.url,
        secret: body.secret ?? null, levels: body.levels, mentionMobiles: body.mentionMobiles ?? [], disabledAt: null,
      });
      const created = repo.createSubscription(s, deps.wallNow());
      refresh();
      return { ...viewOf(created), secret: created.secret };
    },

    async updateSubscription(id: number, patch: SubscriptionPatchBody): Promise<SubscriptionView & { secret?: string }> {
      const old = repo.findSubscription(id);
      if (!old) throw new DomainError(404, 'not_found', `No subscription with id ${id}.`);
      const channelChanged = patch.channel !== undefined && patch.channel !== old.channel;
      const merged = {
        ...old,
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.scope !== undefined ? { scope: patch.scope } : {}),
        ...(patch.unit !== undefined ? { unit: patch.unit } : {}),
        ...(patch.channel !== undefined ? { channel: patch.channel } : {}),
        ...(patch.url !== undefined ? { url: patch.url } : {}),
        ...(patch.levels !== undefined ? { levels: patch.levels } : {}),
        ...(patch.mentionMobiles !== undefined ? { mentionMobiles: patch.mentionMobiles } : {}),
        secret: patch.secret ?? (channelChanged ? null : old.secret),
        disabledAt: patch.enabled === true ? null : patch.enabled === false ? (old.disabledAt ?? deps.wallNow()) : old.disabledAt,
      };
      const s = { ...old, ...(await checked(merged)) };
      repo.updateSubscription(s, deps.wallNow());
      refresh();
      const view = viewOf(repo.findSubscription(id)!);
      // A secret made up here (a channel changed to webhook without one) is shown this once, like at creation.
      return s.secret !== null && s.secret !== old.secret && patch.secret === undefined ? { ...view, secret: s.secret } : view;
    },

    /** An admin's retry: the row's digest goes again at the next pass. */
    retry: (id: number) => repo.retry(id, deps.wallNow()),

    deleteSubscription(id: number): void {
      if (!repo.deleteSubscription(id)) throw new DomainError(404, 'not_found', `No subscription with id ${id}.`);
      refresh();
    },

    start(): void {
      if (options.autoSend ?? true) sender.start();
    },
    stop(): Promise<void> {
      stopped = true;
      if (resumeTimer) clearImmediate(resumeTimer);
      resumeTimer = null;
      return sender.stop();
    },
  };
  return notifier;
}
export type Notifier = ReturnType<typeof createNotifier>;
export type { SendResult };
