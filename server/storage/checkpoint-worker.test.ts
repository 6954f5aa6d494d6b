import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCheckpointWorker } from './checkpoint-worker.js';
import { openDatabase } from './database.js';

describe('checkpoints in a worker thread', () => {
  it('folds the WAL into the file beside the server\'s connection, without a checkpoint in any commit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'moshao-ckpt-'));
    const db = openDatabase(join(dir, 'moshao.db'));
    try {
      db.exec('CREATE TABLE t (x TEXT)');
      const insert = db.prepare('INSERT INTO t VALUES (?)');
      db.transaction(() => { for (let i = 0; i < 5000; i++) insert.run('x'.repeat(200)); })();
      const walBytes = statSync(join(dir, 'moshao.db-wal')).size;
      expect(walBytes).toBeGreaterThan(1_000_000); // no automatic checkpoint folded it in at commit
      const logs: string[] = [];
      const stop = startCheckpointWorker(db, 20, (l) => logs.push(l));
      // PASSIVE from the main connection afterwards finds every frame already checkpointed by the worker.
      let done = false;
      for (let i = 0; i < 100 && !done; i++) {
        await new Promise((r) => setTimeout(r, 30));
        const [r] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
        done = r.log > 0 && r.checkpointed === r.log;
      }
      await stop();
      expect(done).toBe(true);
      expect(logs).toEqual([]);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
