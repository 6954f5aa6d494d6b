import type { Account, Role } from '../../shared/schemas/auth.js';
import type { Db } from './database.js';

interface AccountRow {
  id: number; username: string; role: Role; town_code: string | null; password_hash: string; disabled: 0 | 1;
  created_at: number; last_login_at: number | null;
}
/** An account with its password hash: never leaves the server. */
export interface StoredAccount extends Account {
  passwordHash: string;
}

const toAccount = (r: AccountRow): StoredAccount => ({
  id: r.id, username: r.username, role: r.role, townCode: r.town_code, disabled: r.disabled === 1,
  createdAt: r.created_at, lastLoginAt: r.last_login_at, passwordHash: r.password_hash,
});
/** Drops the hash: what the admin API shows. */
export const publicAccount = ({ passwordHash: _hash, ...a }: StoredAccount): Account => a;

const COLUMNS = 'id, username, role, town_code, password_hash, disabled, created_at, last_login_at';

/** Accounts of supervisors, viewers and admins. */
export function createAccountRepository(db: Db) {
  const byName = db.prepare(`SELECT ${COLUMNS} FROM accounts WHERE username = ?`);
  const byId = db.prepare(`SELECT ${COLUMNS} FROM accounts WHERE id = ?`);
  const all = db.prepare(`SELECT ${COLUMNS} FROM accounts ORDER BY id`);
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
