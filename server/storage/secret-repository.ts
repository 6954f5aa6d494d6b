import type { Db } from './database.js';

/** The server's own keys (server_secrets): each made once, then read back at every start. */
export function createSecretRepository(db: Db) {
  const insert = db.prepare('INSERT OR IGNORE INTO server_secrets (name, value, created_at) VALUES (?, ?, ?)');
  const find = db.prepare('SELECT value FROM server_secrets WHERE name = ?');

  return {
    /** The secret called `name`, stored as `made` (with `at`) if there was none yet. */
    findOrInsertSecret(name: string, made: string, at: number): string {
      insert.run(name, made, at);
      return (find.get(name) as { value: string }).value;
    },
  };
}
export type SecretRepository = ReturnType<typeof createSecretRepository>;
