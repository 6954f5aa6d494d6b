import type { PublicTicket } from '../../shared/schemas/ticket.js';
import type { OutboxRepository, Subscription } from '../storage/outbox-repository.js';
import { nextAttempt, retryAfterMs, RETRY_DELAYS_MS } from './backoff.js';
import { CHANNELS, type AnswerVerdict } from './channels.js';
import { noticeTicket, type Digest } from './message.js';
import { checkTarget } from './url-guard.js';

/** Rows that fall due within this window go out together as one digest. */
export const DIGEST_WINDOW_MS = 30_000;
/** The most rows one digest carries (a robot's message lists DIGEST_LISTED_MAX of them and counts the rest). */
export const DIGEST_ROWS_MAX = 200;
export const SEND_TIMEOUT_MS = 10_000;
const POLL_MS = 1000;
/** A robot's minute, and a second more: a message is counted when taken, and reaches the robot a little later. */
const ROBOT_WINDOW_MS = 61_000;

export type SendResult = 'sent' | 'failed' | 'dead';

export interface SenderDeps {
  repo: OutboxRepository;
  /** Wall clock: retries and robots' limits run in real time, even in the demo. */
  now: () => number;
  /** The tickets' clock (the demo's virtual 2023), for how long a ticket is overdue. */
  ticketNow: () => number;
  loadTicket: (id: number) => PublicTicket | null;
  categoryName: (code: string) => string;
  publicUrl: string;
  allowPrivate: boolean;
  timeoutMs?: number;
  retryDelaysMs?: readonly number[];
  pollMs?: number;
  log?: (line: string) => void;
  /** After every attempt (metrics, audit): never a resident's words, only ids, levels and the outcome. */
  onAttempt?: (a: { sub: Subscription; batchId: number; level: string; ticketIds: number[]; result: SendResult; error: string | null; httpStatus: number | null }) => void;
}

type Outcome = { ok: true; httpStatus: number } | { ok: false; error: string; httpStatus: number | null; retryAfterMs?: number; gone?: boolean };

/**
 * Drains the outbox: per subscription, the next digest (a batch already tried goes again as it was, same webhook-id),
 * within the robot's limit of messages a minute; a failure waits (5 s, 5 min, 30 min, 2 h, ... a day) and then the rows
 * are dead; 429 waits what Retry-After says; 410 turns the subscription off. A redirect is a failure.
 */
export function createSender(deps: SenderDeps) {
  const { repo } = deps;
  const timeoutMs = deps.timeoutMs ?? SEND_TIMEOUT_MS;
  // Per robot (its URL): two subscriptions on one robot share its 20 a minute.
  const sentAt = new Map<string, number[]>();
  const closing = new AbortController();
  let timer: NodeJS.Timeout | null = null;
  // One attempt at a time per subscription; a slow receiver (up to the timeout) never holds up the others.
  const inFlight = new Map<number, Promise<void>>();
  // The synchronous parts of the attempts (reading and building a digest, recording its outcome) take one turn of the
  // event loop each, one after the other: after a burst (hundreds of subscriptions, hundreds of thousands of rows) they
  // would otherwise run back to back and hold the loop for seconds.
  let lane: Promise<void> = Promise.resolve();
  // A pass is going through the subscriptions due (see tick).
  let passing = false;
  const ownTurn = (): Promise<void> => (lane = lane.then(() => new Promise<void>((resolve) => setImmediate(resolve))));

  const withinLimit = (sub: Subscription, now: number): boolean => {
    const limit = CHANNELS[sub.channel].perMinute;
    if (limit === null) return true;
    const recent = (sentAt.get(sub.url) ?? []).filter((t) => t > now - ROBOT_WINDOW_MS);
    sentAt.set(sub.url, recent);
    return recent.length < limit;
  };

  const post = async (sub: Subscription, digest: Digest, batchId: number, now: number): Promise<Outcome> => {
    const channel = CHANNELS[sub.channel];
    const req = channel.request(sub, digest, { webhookId: String(batchId), nowMs: now });
    try {
      await checkTarget(sub.url, deps.allowPrivate);
      const res = await fetch(req.url, {
        method: 'POST', headers: req.headers, body: req.body, redirect: 'manual',
        signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), closing.signal]),
      });
      const text = await res.text();
      if (res.status === 410) return { ok: false, error: 'HTTP 410 Gone', httpStatus: 410, gone: true };
      if (res.status === 429) {
        return { ok: false, error: 'HTTP 429', httpStatus: 429, retryAfterMs: retryAfterMs(res.headers.get('retry-after'), deps.now()) ?? undefined };
      }
      if (res.status >= 300 && res.status < 400) return { ok: false, error: `HTTP ${res.status} redirect refused`, httpStatus: res.status };
      if (!res.ok) return { ok: false, error: `HTTP ${res.status}`, httpStatus: res.status };
      const verdict: AnswerVerdict = channel.verdict(text);
      return verdict.ok ? { ok: true, httpStatus: res.status } : { ...verdict, httpStatus: res.status };
    } catch (err) {
      const e = err as Error & { code?: string; cause?: { code?: string } };
      const error = e.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms`
        : e.code ?? e.cause?.code ?? e.message;
      return { ok: false, error, httpStatus: null };
    }
  };

  const sendNext = async (subscriptionId: number): Promise<void> => {
    const sub = repo.findSubscription(subscriptionId);
    if (!sub) return;
    if (sub.disabledAt !== null) {
      repo.disableSubscription(sub.id, sub.disabledAt, 'subscription disabled');
      return;
    }
    // The robot's window counts when each message actually goes, and the digest takes what is due then, not when this
    // pass began: a pass gives each subscription a turn of its own, and after a burst it lasts a while.
    const now = deps.now();
    if (!withinLimit(sub, now)) return;
    const rows = repo.nextBatch(sub.id, now, now + DIGEST_WINDOW_MS, DIGEST_ROWS_MAX);
    if (rows.length === 0) return;
    const batchId = rows[0].batchId ?? repo.assignBatch(rows.map((r) => r.id));
    const level = rows[0].level;
    const ticketNow = deps.ticketNow();
    const tickets = rows.flatMap((r) => {
      const t = deps.loadTicket(r.ticketId);
      return t ? [noticeTicket(t, level, ticketNow, deps.categoryName(t.category), deps.publicUrl)] : [];
    });
    sentAt.set(sub.url, [...(sentAt.get(sub.url) ?? []), now]);
    const outcome = await post(sub, { level, tickets }, batchId, now);
    await ownTurn();
    if (closing.signal.aborted) return; // shutting down: the rows stay as they are and go after the restart, same id
    const after = deps.now();
    let result: SendResult;
    let error: string | null = null;
    if (outcome.ok) {
      repo.markSent(batchId, after);
      result = 'sent';
    } else {
      error = outcome.error;
      if (outcome.gone) {
        repo.markFailed(batchId, 'dead', after, error);
        repo.disableSubscription(sub.id, after, 'receiver answered 410 Gone');
        result = 'dead';
      } else {
        const attempts = rows[0].attempts + 1;
        const next = outcome.retryAfterMs !== undefined ? after + outcome.retryAfterMs : nextAttempt(attempts, after, deps.retryDelaysMs ?? RETRY_DELAYS_MS);
        const dead = next === null || attempts > (deps.retryDelaysMs ?? RETRY_DELAYS_MS).length;
        repo.markFailed(batchId, dead ? 'dead' : 'failed', next ?? after, error);
        result = dead ? 'dead' : 'failed';
      }
    }
    deps.onAttempt?.({ sub, batchId, level, ticketIds: rows.map((r) => r.ticketId), result, error, httpStatus: outcome.httpStatus });
  };

  /** Starts an attempt for every subscription with rows due and none under way; resolves when those are done. */
  const drain = async (): Promise<void> => {
    const started: Promise<void>[] = [];
    passing = true;
    try {
      for (const id of repo.subscriptionsDue(deps.now())) {
        if (inFlight.has(id)) continue;
        await ownTurn();
        if (closing.signal.aborted || inFlight.has(id)) continue;
        const attempt = sendNext(id).catch((err: Error) => deps.log?.(`notify: subscription ${id}: ${err.message}`)).finally(() => inFlight.delete(id));
        inFlight.set(id, attempt);
        started.push(attempt);
      }
    } finally {
      passing = false;
    }
    await Promise.all(started);
  };

  const tick = () => {
    timer = null;
    if (closing.signal.aborted) return;
    // A pass still starting its attempts (a turn each) is not joined by another: overlapping passes would each ask
    // every subscription again, mostly for nothing, and after a burst that was most of the sender's work.
    if (!passing) drain().catch((err: Error) => deps.log?.(`notify: ${err.message}`));
    timer = setTimeout(tick, deps.pollMs ?? POLL_MS);
  };

  return {
    start(): void {
      if (!timer && !closing.signal.aborted) timer = setTimeout(tick, 0);
    },
    /** One pass over every subscription with rows due (tests drive the sender by hand with this). */
    drain,
    /** Stops: an attempt under way is cut off and its rows stay pending, to go (same webhook-id) after the restart. */
    async stop(): Promise<void> {
      closing.abort();
      if (timer) clearTimeout(timer);
      timer = null;
      await Promise.all(inFlight.values());
    },
  };
}
export type Sender = ReturnType<typeof createSender>;
