import { describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { createWriteBatcher } from './write-batcher.js';

describe('group commit', () => {
  it('commits concurrent writes together, and a failing one rolls back alone', async () => {
    const db = openDatabase(':memory:');
    const batcher = createWriteBatcher(db, () => {});
    const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    const results = await Promise.allSettled([
      batcher.run(() => put.run('a', '1').changes),
      batcher.run(() => {
        put.run('b', '2');
        throw new Error('refused');
      }),
      batcher.run(() => put.run('c', '3').changes),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(db.prepare('SELECT key FROM meta ORDER BY key').all()).toEqual([{ key: 'a' }, { key: 'c' }]);
    db.close();
  });

  it('fails every request and calls onRollback when the transaction cannot commit', async () => {
    const db = openDatabase(':memory:');
    let rolledBack = 0;
    const batcher = createWriteBatcher(db, () => rolledBack++);
    const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    db.exec("CREATE TRIGGER no_z BEFORE INSERT ON meta WHEN NEW.key = 'z' BEGIN SELECT RAISE(ROLLBACK, 'disk on fire'); END;");
    const results = await Promise.allSettled([batcher.run(() => put.run('y', '1')), batcher.run(() => put.run('z', '1'))]);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(rolledBack).toBe(1);
    expect(db.prepare('SELECT count(*) AS n FROM meta').get()).toEqual({ n: 0 });
    db.close();
  });
});
