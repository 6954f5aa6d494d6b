import type { TicketEvent } from '../../shared/schemas/ticket.js';
import type { Db } from './database.js';
import { charged } from './request-budget.js';

/** A staff row as the reporter side needs it: which cell, which role. Never the name or phone. */
export interface StaffRef {
  id: string;
  gridId: string;
  role: string;
}

export interface InvitationRow {
  codeHash: string;
  staffId: string;
  createdBy: number;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

/** A step of a ticket without its note or actor. */
export interface TicketStep {
  ticketId: number;
  at: number;
  action: TicketEvent['action'];
  status: TicketEvent['toStatus'];
}

/** A 信息员 or 中心户 with their account's state, as the roster reads it. */
export interface RosterRow {
  staffId: string;
  role: 'info_officer' | 'central_household';
  gridId: string;
  name: string;
  disabled: 0 | 1 | null;
  invitedUntil: number | null;
}

/** One day of a central household's rounds as stored. */
export interface RoundRow {
  accountId: number;
  staffId: string;
  gridId: string;
  date: string;
  recordedAt: number;
  items: string;
  tickets: string;
  faults: number;
}

/**
 * Reads on a request's path are charged to its SQL budget (request-budget.ts); each is one indexed statement.
 * Reporter invitations, who filed which ticket (a reporter's account or a resident's receipt hash) and the 民情记录本
 * rounds: the tables of migration 014. Codes and receipts arrive here already hashed.
 */
export function createReporterRepository(db: Db) {
  const staff = db.prepare('SELECT id, grid_id AS gridId, role FROM staff WHERE id = ?');
  const insertInvitation = db.prepare(
    'INSERT INTO reporter_invitations (code_hash, staff_id, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)');
  const invitation = db.prepare(`SELECT code_hash AS codeHash, staff_id AS staffId, created_by AS createdBy, created_at AS createdAt,
    expires_at AS expiresAt, used_at AS usedAt FROM reporter_invitations WHERE code_hash = ?`);
  const useInvitation = db.prepare('UPDATE reporter_invitations SET used_at = ?, account_id = ? WHERE code_hash = ? AND used_at IS NULL');
  const link = db.prepare('INSERT INTO ticket_reporters (ticket_id, account_id, receipt_hash) VALUES (?, ?, ?)');
  const linkOf = db.prepare('SELECT account_id AS accountId, receipt_hash AS receiptHash FROM ticket_reporters WHERE ticket_id = ?');
  const byReceipt = db.prepare('SELECT ticket_id FROM ticket_reporters WHERE receipt_hash = ?').pluck();
  const owners = db.prepare('SELECT ticket_id, account_id FROM ticket_reporters WHERE account_id IS NOT NULL').raw();
  const mine = db.prepare('SELECT ticket_id FROM ticket_reporters WHERE account_id = ? AND ticket_id < ? ORDER BY ticket_id DESC LIMIT ?').pluck();
  const steps = db.prepare(`SELECT ticket_id AS ticketId, at, action, to_status AS status FROM ticket_events
    WHERE ticket_id IN (SELECT value FROM json_each(?)) AND at <= ? ORDER BY ticket_id, at, id`);
  const insertRound = db.prepare(`INSERT INTO rounds (account_id, staff_id, grid_id, date, recorded_at, items, tickets, faults)
    VALUES (@accountId, @staffId, @gridId, @date, @recordedAt, @items, @tickets, @faults)`);
  const roundOf = db.prepare('SELECT 1 FROM rounds WHERE staff_id = ? AND date = ?').pluck();
  const roundsOfStaff = db.prepare(`SELECT account_id AS accountId, staff_id AS staffId, grid_id AS gridId, date, recorded_at AS recordedAt,
    items, tickets, faults FROM rounds WHERE staff_id = ? AND date >= ? ORDER BY date DESC`);
  const roundsOfDay = db.prepare(`SELECT staff_id AS staffId, faults FROM rounds WHERE date = ? AND grid_id >= ? AND grid_id < ?`);
  const householdsIn = db.prepare(`SELECT s.id, s.grid_id AS gridId FROM staff s JOIN accounts a ON a.staff_id = s.id
    WHERE s.role = 'central_household' AND s.grid_id >= ? AND s.grid_id < ? ORDER BY s.grid_id, s.id`);
  // One statement for the whole roster: the account (if any) and the latest open invitation of each staff row.
  const rosterIn = db.prepare(`SELECT s.id AS staffId, s.role, s.grid_id AS gridId, s.name, a.disabled AS disabled,
    (SELECT MAX(i.expires_at) FROM reporter_invitations i WHERE i.staff_id = s.id AND i.used_at IS NULL AND i.expires_at > ?) AS invitedUntil
    FROM staff s LEFT JOIN accounts a ON a.staff_id = s.id
    WHERE s.role IN ('info_officer', 'central_household') AND s.grid_id >= ? AND s.grid_id < ?
    ORDER BY s.grid_id, s.role, s.id LIMIT ?`);

  return {
    findStaff(id: string): StaffRef | null {
      return (staff.get(id) as StaffRef | undefined) ?? null;
    },
    insertInvitation(r: Omit<InvitationRow, 'usedAt'>): void {
      insertInvitation.run(r.codeHash, r.staffId, r.createdBy, r.createdAt, r.expiresAt);
    },
    findInvitation(codeHash: string): InvitationRow | null {
      return (invitation.get(codeHash) as InvitationRow | undefined) ?? null;
    },
    /** Marks an invitation used; false when another request used it first. */
    useInvitation(codeHash: string, at: number, accountId: number): boolean {
      return useInvitation.run(at, accountId, codeHash).changes === 1;
    },
    linkTicket(ticketId: number, owner: { accountId: number | null; receiptHash: string | null }): void {
      link.run(ticketId, owner.accountId, owner.receiptHash);
    },
    reporterOf(ticketId: number): { accountId: number | null; receiptHash: string | null } | null {
      return (charged(() => linkOf.get(ticketId)) as { accountId: number | null; receiptHash: string | null } | undefined) ?? null;
    },
    /** Every ticket filed by a reporter account, as [ticketId, accountId]. */
    accountOwners(): [number, number][] {
      return owners.all() as [number, number][];
    },
    ticketOfReceipt(receiptHash: string): number | null {
      return (charged(() => byReceipt.get(receiptHash)) as number | undefined) ?? null;
    },
    /** A reporter's ticket ids below `beforeId`, newest first. */
    ticketsOf(accountId: number, beforeId: number, limit: number): number[] {
      return charged(() => mine.all(accountId, beforeId, limit)) as number[];
    },
    /** The steps (when, what, to which status) of these tickets up to an instant: one statement for a page. */
    stepsOf(ticketIds: readonly number[], until: number): TicketStep[] {
      return charged(() => steps.all(JSON.stringify(ticketIds), until)) as TicketStep[];
    },
    insertRound(r: RoundRow): void {
      insertRound.run(r);
    },
    hasRound(staffId: string, date: string): boolean {
      return roundOf.get(staffId, date) !== undefined;
    },
    roundsSince(staffId: string, fromDate: string): RoundRow[] {
      return charged(() => roundsOfStaff.all(staffId, fromDate)) as RoundRow[];
    },
    /** Rounds of a day in the cells whose ids start with `prefix`. */
    roundsOn(date: string, prefix: string): { staffId: string; faults: number }[] {
      return charged(() => roundsOfDay.all(date, prefix, `${prefix}\uffff`)) as { staffId: string; faults: number }[];
    },
    /**
     * The 信息员 and 中心户 of the cells whose ids start with `prefix`, at most `limit`, with their account (disabled
     * null: none) and the expiry of their latest invitation still open at `now` (null: none). The name is the full
     * one: the caller masks it.
     */
    rosterIn(prefix: string, now: number, limit: number): RosterRow[] {
      return charged(() => rosterIn.all(now, prefix, `${prefix}\uffff`, limit)) as RosterRow[];
    },
    /** Central households with a reporter account in the cells whose ids start with `prefix`. */
    householdsWithAccounts(prefix: string): { id: string; gridId: string }[] {
      return charged(() => householdsIn.all(prefix, `${prefix}\uffff`)) as { id: string; gridId: string }[];
    },
  };
}
export type ReporterRepository = ReturnType<typeof createReporterRepository>;
