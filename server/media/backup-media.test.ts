import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { auth, loginAs, testApp } from '../test/app.js';
import { multipartBody } from '../test/tiny-png.js';
import { blobPath } from './file-store.js';
import { plainImage } from './test/photos.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'moshao-media-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `npm run backup -- <file>` with the database and media folder given. */
function runBackup(env: Record<string, string>, dest: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/backup.ts', dest], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('npm run backup and the photos', () => {
  it('copies the photos the database names beside it, and a server started on both serves them', async () => {
    const dbPath = join(dir, 'live.db');
    const mediaDir = join(dir, 'media');
    const app = await testApp({ dbPath, mediaDir });
    const boundary = 'b';
    const up = await app.inject({
      method: 'POST', url: '/api/media', headers: { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: multipartBody(boundary, [{ field: 'file', filename: 'a.png', type: 'image/png', bytes: await plainImage('png', 300, 200) }]),
    });
    expect(up.statusCode, up.body).toBe(201);
    const id = up.json().id as string;
    const sha = app.moshao.db.prepare('SELECT sha256 FROM media WHERE id = ?').pluck().get(id) as string;
    await app.close();

    const dest = join(dir, 'copy.db');
    const r = await runBackup({ MOSHAO_DB: dbPath, MOSHAO_MEDIA_DIR: mediaDir }, dest);
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/photos .* -> .*copy\.db\.media \(2 files\)/);
    for (const variant of ['full', 'thumb']) expect(existsSync(blobPath(`${dest}.media`, sha, variant))).toBe(true);

    // Restored elsewhere: the uploader (the intake token) reads its photo back from the copied folder.
    const restored = await testApp({ dbPath: dest, mediaDir: `${dest}.media` });
    try {
      expect((await restored.inject({ url: `/api/media/${id}?size=thumb`, headers: auth })).statusCode).toBe(200);
      expect((await restored.inject({ url: `/api/media/${id}`, headers: await loginAs(restored, 'admin') })).statusCode).toBe(404);
    } finally {
      await restored.close();
    }
    // A second backup to the same name is refused: the media folder is checked too.
    rmSync(dest);
    const again = await runBackup({ MOSHAO_DB: dbPath, MOSHAO_MEDIA_DIR: mediaDir }, dest);
    expect(again.code).toBe(2);
  }, 60_000);
});
