import { constants } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { MEDIA_SIZES } from '../../shared/schemas/media.js';
import { blobPath } from './file-store.js';

export interface MediaCopy {
  files: number;
  bytes: number;
  /** Files a row names that were not in the folder (deleted by hand, or a disk that lost them). */
  missing: number;
}

/**
 * Copies the photos a database backup names (the sha256 of each media row in the copy) from the media folder into
 * `dest`, in the same layout, so `MOSHAO_MEDIA_DIR=<dest>` serves them beside the restored database. Files are named by
 * their content and never change once written, so a copy taken after the database snapshot is consistent with it.
 */
export async function copyMediaFiles(mediaDir: string, dest: string, sha256s: readonly string[]): Promise<MediaCopy> {
  const out: MediaCopy = { files: 0, bytes: 0, missing: 0 };
  for (const sha of sha256s) {
    for (const variant of Object.keys(MEDIA_SIZES)) {
      const to = blobPath(dest, sha, variant);
      await mkdir(dirname(to), { recursive: true });
      try {
        // Never overwrites: a backup folder is new, and equal names hold equal bytes anyway.
        await copyFile(blobPath(mediaDir, sha, variant), to, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
        out.files += 1;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') out.missing += 1;
        else if (code !== 'EEXIST') throw err;
      }
    }
  }
  return out;
}
