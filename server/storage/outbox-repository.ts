import type { TicketStatus } from '../../shared/constants.js';
import type { SupervisedTicket, SuperviseLevel } from '../domain/supervise/rules.js';
import type { Db } from './database.js';

export const NOTIFY_CHANNELS = ['wecom', 'dingtalk', 'webhook'] as const;
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];
export const OUTBOX_STATUSES = ['pending', 'sent', 'failed', 'dead', 'simulated'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** A subscription as stored, secret included: never hand this to a route's answer (see publicSubscription). */
export interface Subscription {
  id: number;
  name: string;
  scope: string | null;
  unit: string | null;
  channel: NotifyChannel;
  url: string;
  secret: string | null;
  levels: SuperviseLevel[];
  mentionMobiles: string[];
  disabledAt: number | null;
  createdAt: number;
  updatedAt: number;
}
export type NewSubscription = Omit<Subscription, 'id' | 'disabledAt' | 'createdAt' | 'updatedAt'>;

export interface OutboxRow {
  id: number;
  subscriptionId: number;
  ticketId: number;
  level: SuperviseLevel;
  cycle: number;
  round: number;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  batchId: number | null;
  dueAt: number;
}

export interface NewOutboxRow {
  subscriptionId: number;
  ticketId: number;
  level: SuperviseLevel;
  cycle: number;
  round: number;
  status: 'pending' | 'simulated';
  dueAt: number;
  now: number;
}

interface SubscriptionRow {
  id: number; name: string; scope: string | null; unit: string | null; channel: NotifyChannel; url: string; secret: string | null;
  levels: string; mention_mobiles: string; disabled_at: number | null; created_at: number; updated_at: number;
}
const toSubscription = (r: SubscriptionRow): Subscription => ({
  id: r.id, name: r.name, scope: r.scope, unit: r.unit, channel: r.channel, url: r.url, secret: r.secret,
  levels: JSON.parse(r.levels) as SuperviseLevel[], mentionMobiles: JSON.parse(r.mention_mobiles) as string[],
  disabledAt: r.disabled_at, createdAt: r.created_at, updatedAt: r.updated_at,
});

const OUTBOX_COLUMNS = `id, subscription_id AS subscriptionId, ticket_id AS ticketId, level, cycle, round, status, attempts,
  next_attempt_at AS nextAttemptAt, last_error AS lastError, batch_id AS batchId, due_at AS dueAt`;

/** Subscriptions, the outbox, and the open tickets the 督办 index is built from: the only SQL of notifications. */
export function createOutboxRepository(db: Db) {
  const insertSub = db.prepare(`INSERT INTO notify_subscriptions (name, scope, unit, channel, url, secret, levels, mention_mobiles, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const selectSub = db.prepare('SELECT * FROM notify_subscriptions WHERE id = ?');
  const selectSubs = db.prepare('SELECT * FROM notify_subscriptions ORDER BY id');
  const insertRow = db.prepare(`INSERT OR IGNORE INTO notify_outbox (subscription_id, ticket_id, level, cycle, round, status, next_attempt_at, due_at, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  // One probe of notify_outbox_subscription per subscription, not a walk over every row due (013).
  const dueSubs = db.prepare(`SELECT s.id FROM notify_subscriptions s WHERE EXISTS (SELECT 1 FROM notify_outbox o
    WHERE o.subscription_id = s.id AND o.status IN ('pending', 'failed') AND o.next_attempt_at <= ?) ORDER BY s.id`);
  const nextDue = db.prepare(`SELECT min(next_attempt_at) FROM notify_outbox WHERE status IN ('pending', 'failed')`).pluck();
  // Worded as the open tickets' partial indexes are (002, 004), so SQLite reads only those: ~1 ms instead of a scan of
  // the year's 62,009 rows (~100 ms) at every demo jump.
  // The sender's statements, prepared once: after a burst they run thousands of times.
  const retryBatch = db.prepare(`SELECT batch_id FROM notify_outbox WHERE subscription_id = ? AND status IN ('pending', 'failed')
    AND batch_id IS NOT NULL AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT 1`).pluck();
  const batchRows = db.prepare(`SELECT ${OUTBOX_COLUMNS} FROM notify_outbox WHERE batch_id = ? AND status IN ('pending', 'failed') ORDER BY id`);
  const firstUnbatched = db.prepare(`SELECT ${OUTBOX_COLUMNS} FROM notify_outbox WHERE subscription_id = ? AND status IN ('pending', 'failed')
    AND batch_id IS NULL AND next_attempt_at <= ? ORDER BY id LIMIT 1`);
  const unbatchedOfLevel = db.prepare(`SELECT ${OUTBOX_COLUMNS} FROM notify_outbox WHERE subscription_id = ? AND level = ? AND status IN ('pending', 'failed')
    AND batch_id IS NULL AND next_attempt_at <= ? ORDER BY id LIMIT ?`);
  const setBatch = db.prepare('UPDATE notify_outbox SET batch_id = ? WHERE id = ?');
  const markBatchSent = db.prepare(`UPDATE notify_outbox SET status = 'sent', attempts = attempts + 1, sent_at = ?, last_error = NULL WHERE batch_id = ?`);
  const openTickets = db.prepare(`SELECT t.id, t.grid_id, t.status, t.handling_unit, t.reported_at, t.response_due_at, t.close_due_at,
      t.escalations, c.close_hours FROM tickets t JOIN categories c ON c.code = t.category
      WHERE t.status NOT IN ('closed', 'evaluated', 'rejected', 'merged') AND t.status <> 'handled' AND +t.reported_at <= ?`).raw();

  return {
    createSubscription(s: NewSubscription, now: number): Subscription {
      const id = Number(insertSub.run(s.name, s.scope, s.unit, s.channel, s.url, s.secret, JSON.stringify(s.levels), JSON.stringify(s.mentionMobiles), now, now).lastInsertRowid);
      return this.findSubscription(id)!;
    },
    findSubscription(id: number): Subscription | null {
      const r = selectSub.get(id) as SubscriptionRow | undefined;
      return r ? toSubscription(r) : null;
    },
    listSubscriptions(): Subscription[] {
      return (selectSubs.all() as SubscriptionRow[]).map(toSubscription);
    },
    updateSubscription(s: Subscription, now: number): void {
      db.prepare(`UPDATE notify_subscriptions SET name = ?, scope = ?, unit = ?, channel = ?, url = ?, secret = ?, levels = ?, mention_mobiles = ?,
        disabled_at = ?, updated_at = ? WHERE id = ?`).run(s.name, s.scope, s.unit, s.channel, s.url, s.secret, JSON.stringify(s.levels),
        JSON.stringify(s.mentionMobiles), s.disabledAt, now, s.id);
    },
    /** Deletes a subscription and its outbox rows. */
    deleteSubscription(id: number): boolean {
      return db.prepare('DELETE FROM notify_subscriptions WHERE id = ?').run(id).changes > 0;
    },
    /** A receiver said 410 Gone: nothing more goes to it, and what waited for it is dead. */
    disableSubscription(id: number, now: number, reason: string): void {
      db.transaction(() => {
        db.prepare('UPDATE notify_subscriptions SET disabled_at = ?, updated_at = ? WHERE id = ?').run(now, now, id);
        db.prepare(`UPDATE notify_outbox SET status = 'dead', last_error = ? WHERE subscription_id = ? AND status IN ('pending', 'failed')`).run(reason, id);
      })();
    },

    /** Records a notice once: a second row for the same (ticket, level, subscription, cycle, round) is ignored. */
    insertNotice(r: NewOutboxRow): boolean {
      return insertRow.run(r.subscriptionId, r.ticketId, r.level, r.cycle, r.round, r.status, r.now, r.dueAt, r.now).changes > 0;
    },
    /** The subscriptions with rows to send at `now`. */
    subscriptionsDue(now: number): number[] {
      return (dueSubs.raw().all(now) as [number][]).map((r) => r[0]);
    },
    /** The earliest next attempt of any row still to send, or null. */
    nextDueAt(): number | null {
      return (nextDue.get() as number | null) ?? null;
    },
    /**
     * The next digest of a subscription: a batch already attempted (its rows, same id), else up to `limit` rows of one
     * level due before `until`, oldest first.
     */
    nextBatch(subscriptionId: number, now: number, until: number, limit: number): OutboxRow[] {
      const retry = retryBatch.get(subscriptionId, now) as number | undefined;
      if (retry !== undefined) return batchRows.all(retry) as OutboxRow[];
      const first = firstUnbatched.get(subscriptionId, now) as OutboxRow | undefined;
      if (!first) return [];
      return unbatchedOfLevel.all(subscriptionId, first.level, until, limit) as OutboxRow[];
    },
    /** Fixes a digest's rows and id before its first attempt (committed: a restart resends the same rows under the same id). */
    assignBatch(ids: readonly number[]): number {
      const batchId = Math.min(...ids);
      db.transaction(() => {
        for (const id of ids) setBatch.run(batchId, id);
      })();
      return batchId;
    },
    markSent(batchId: number, now: number): void {
      markBatchSent.run(now, batchId);
    },
    markFailed(batchId: number, status: 'failed' | 'dead', nextAttemptAt: number, error: string): void {
      db.prepare(`UPDATE notify_outbox SET status = ?, attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE batch_id = ?`)
        .run(status, nextAttemptAt, error.slice(0, 300), batchId);
    },
    /** An admin's retry: the row (and its digest) goes again now, attempts counted afresh. */
    retry(id: number, now: number): OutboxRow | null {
      const row = this.findRow(id);
      if (!row) return null;
      if (row.batchId !== null) {
        db.prepare(`UPDATE notify_outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, last_error = NULL WHERE batch_id = ? AND status IN ('failed', 'dead', 'pending')`)
          .run(now, row.batchId);
      } else {
        db.prepare(`UPDATE notify_outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, last_error = NULL WHERE id = ?`).run(now, id);
      }
      return this.findRow(id);
    },
    findRow(id: number): OutboxRow | null {
      return (db.prepare(`SELECT ${OUTBOX_COLUMNS} FROM notify_outbox WHERE id = ?`).get(id) as OutboxRow | undefined) ?? null;
    },
    listRows(status: OutboxStatus | undefined, limit: number): OutboxRow[] {
      return (status
        ? db.prepare(`SELECT ${OUTBOX_COLUMNS} FROM notify_outbox WHERE status = ? ORDER BY id DESC LIMIT ?`).all(status, limit)
        : db.prepare(`SELECT ${OUTBOX_COLUMNS} FROM notify_outbox ORDER BY id DESC LIMIT ?`).all(limit)) as OutboxRow[];
    },
    countPending(): number {
      return db.prepare(`SELECT count(*) FROM notify_outbox WHERE status IN ('pending', 'failed')`).pluck().get() as number;
    },

    /** The open tickets reported by `until`, as the 督办 rules read them (the index is built from these, once). */
    *iterateOpenSupervised(until: number): IterableIterator<SupervisedTicket> {
      for (const r of openTickets.iterate(until) as IterableIterator<unknown[]>) {
        const closeDueAt = r[6] as number;
        yield {
          id: r[0] as number, gridId: r[1] as string, status: r[2] as TicketStatus, handlingUnit: r[3] as string,
          reportedAt: r[4] as number, responseDueAt: r[5] as number, closeDueAt, escalations: r[7] as number,
          closeFrom: closeDueAt - (r[8] as number) * 3600_000,
        };
      }
    },
    transaction<T>(fn: () => T): T {
      return db.inTransaction ? fn() : db.transaction(fn)();
    },
  };
}
export type OutboxRepository = ReturnType<typeof createOutboxRepository>;
