import type { Account, ReporterStaffRole, Role } from '../../shared/schemas/auth.js';
import type { Db } from './database.js';

interface AccountRow {
  id: number; username: string; role: Role; town_code: string | null; password_hash: string; disabled: 0 | 1;
  created_at: number; last_login_at: number | null; staff_id: string | null; staff_grid: string | null; staff_role: string | null;
}
/** An account with its password hash: never leaves the server. A reporter's carries its staff row's cell and role. */
export interface StoredAccount extends Account {
  passwordHash: string;
  reporter?: { staffId: string; gridId: string; staffRole: ReporterStaffRole };
}

const toAccount = (r: AccountRow): StoredAccount => ({
  id: r.id, username: r.username, role: r.role, townCode: r.town_code, disabled: r.disabled === 1,
  createdAt: r.created_at, lastLoginAt: r.last_login_at, passwordHash: r.password_hash,
  ...(r.staff_id !== null ? { staffId: r.staff_id } : {}),
  // A staff row a re-imported world no longer has leaves the account without its binding: it reaches nothing.
  ...(r.staff_id !== null && r.staff_grid !== null
    ? { reporter: { staffId: r.staff_id, gridId: r.staff_grid, staffRole: r.staff_role as ReporterStaffRole } } : {}),
});
/** Drops the hash and the binding's details: what the admin API shows. */
export const publicAccount = ({ passwordHash: _hash, reporter: _reporter, ...a }: StoredAccount): Account => a;

const COLUMNS = `a.id, a.username, a.role, a.town_code, a.password_hash, a.disabled, a.created_at, a.last_login_at,
  a.staff_id, s.grid_id AS staff_grid, s.role AS staff_role`;
const FROM = 'accounts a LEFT JOIN staff s ON s.id = a.staff_id';

/** Accounts of supervisors, viewers, admins and reporters. */
export function createAccountRepository(db: Db) {
  const byName = db.prepare(`SELECT ${COLUMNS} FROM ${FROM} WHERE a.username = ?`);
  const byId = db.prepare(`SELECT ${COLUMNS} FROM ${FROM} WHERE a.id = ?`);
  const all = db.prepare(`SELECT ${COLUMNS} FROM ${FROM} ORDER BY a.id`);
  const insertReporter = db.prepare("INSERT INTO accounts (username, role, staff_id, password_hash, created_at) VALUES (?, 'reporter', ?, ?, ?)");
  const byStaff = db.prepare('SELECT id FROM accounts WHERE staff_id = ?').pluck();
  const insert = db.prepare('INSERT INTO accounts (username, role, town_code, password_hash, created_at) VALUES (?, ?, ?, ?, ?)');
  const update = db.prepare('UPDATE accounts SET role = ?, town_code = ?, password_hash = ?, disabled = ? WHERE id = ?');
  const touchLogin = db.prepare('UPDATE accounts SET last_login_at = ? WHERE id = ?');
  const countAdmins = db.prepare("SELECT count(*) AS n FROM accounts WHERE role = 'admin' AND disabled = 0");

  return {
    findAccountByUsername(username: string): StoredAccount | null {
      const r = byName.get(username) as AccountRow | undefined;
      return r ? toAccount(r) : null;
    },
    findAccount(id: number): StoredAccount | null {
      const r = byId.get(id) as AccountRow | undefined;
      return r ? toAccount(r) : null;
    },
    listAccounts(): StoredAccount[] {
      return (all.all() as AccountRow[]).map(toAccount);
    },
    insertAccount(a: { username: string; role: Role; townCode: string | null; passwordHash: string; createdAt: number }): number {
      return Number(insert.run(a.username, a.role, a.townCode, a.passwordHash, a.createdAt).lastInsertRowid);
    },
    /** A reporter account bound to a staff row (the caller has checked the row exists and has no account yet). */
    insertReporter(a: { username: string; staffId: string; passwordHash: string; createdAt: number }): number {
      return Number(insertReporter.run(a.username, a.staffId, a.passwordHash, a.createdAt).lastInsertRowid);
    },
    /** The account bound to a staff row, if any. */
    accountOfStaff(staffId: string): number | null {
      return (byStaff.get(staffId) as number | undefined) ?? null;
    },
    updateAccount(a: StoredAccount): void {
      update.run(a.role, a.townCode, a.passwordHash, a.disabled ? 1 : 0, a.id);
    },
    recordLogin(id: number, at: number): void {
      touchLogin.run(at, id);
    },
    countActiveAdmins(): number {
      return (countAdmins.get() as { n: number }).n;
    },
  };
}
export type AccountRepository = ReturnType<typeof createAccountRepository>;
