import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MediaBlobStore } from '../domain/ports.js';

const KEY = /^[0-9a-f]{64}$/;
const VARIANT = /^[a-z]{1,10}$/;

/** The path of one stored copy: <dir>/<first two hex digits>/<sha256>.<variant>.jpg (256 folders, none too big). */
export function blobPath(dir: string, key: string, variant: string): string {
  // Keys and variants come from the server, never from a request; checked anyway so no path can leave the folder.
  if (!KEY.test(key) || !VARIANT.test(variant)) throw new Error(`not a media key: ${key}.${variant}`);
  return join(dir, key.slice(0, 2), `${key}.${variant}.jpg`);
}

/**
 * Photos as files under MOSHAO_MEDIA_DIR, content-addressed: the same bytes are stored once. Writes go to a temporary
 * name first and are renamed into place, so a reader (or a backup copying the folder) never sees half a file.
 */
export function createFileStore(dir: string): MediaBlobStore {
  return {
    async put(key, variant, bytes) {
      const path = blobPath(dir, key, variant);
      await mkdir(join(dir, key.slice(0, 2)), { recursive: true });
      const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(tmp, bytes);
      await rename(tmp, path);
    },
    async get(key, variant) {
      try {
        return await readFile(blobPath(dir, key, variant));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
    async delete(key, variant) {
      await rm(blobPath(dir, key, variant), { force: true });
    },
  };
}
