import { createHash, randomBytes } from 'node:crypto';
import type { MediaSize, MediaUploaded, PhotoRef } from '../../shared/schemas/media.js';
import { DomainError } from '../domain/errors.js';
import type { MediaAttacher, MediaBlobStore } from '../domain/ports.js';
import type { MediaRepository, MediaRow } from '../storage/media-repository.js';
import { processPhoto } from './pipeline.js';

/** The uploader key of residents' anonymous uploads: their photos are attached by id alone (ids are 128 random bits). */
export const ANONYMOUS_UPLOADER = 'anonymous';
/** Photos not attached to a ticket within this long are deleted, rows and files. */
export const UNATTACHED_TTL_MS = 24 * 60 * 60 * 1000;
/** How many stale photos one cleanup pass deletes (the next pass takes the rest). */
const CLEANUP_BATCH = 200;

export interface MediaServiceDeps {
  repo: MediaRepository;
  store: MediaBlobStore;
  /** Wall-clock time: a photo's 24 hours are real hours, whatever the demo's replay clock says. */
  now: () => number;
  /** Runs a write in the group commit (server/storage/write-batcher.ts). */
  write: <T>(fn: () => T) => Promise<T>;
}

/**
 * Photos: stored on upload, attached to a ticket once, read back by id, and deleted when nobody attached them within a
 * day. Who may read one is the route's question (server/routes/media.ts); this knows only the uploader.
 */
export function createMediaService(deps: MediaServiceDeps) {
  const { repo, store } = deps;

  /** Every id must be a photo this uploader sent and nobody has attached; else a 4xx naming it, and nothing changes. */
  const checkAttachable = (ids: readonly string[], uploaderKey: string): void => {
    if (new Set(ids).size !== ids.length) throw new DomainError(400, 'duplicate_photo', 'The same photo id is listed twice in "photos".', 'photos');
    if (ids.length === 0) return;
    const rows = new Map(repo.findMany(ids).map((r) => [r.id, r]));
    for (const id of ids) {
      const row = rows.get(id);
      // Another uploader's photo answers like a missing one: an id is no way to learn that a photo exists.
      if (!row || row.uploaderKey !== uploaderKey) {
        throw new DomainError(400, 'unknown_photo', `No photo "${id}" of yours is waiting to be attached: upload it with POST /api/media first (unattached photos are kept 24 hours).`, 'photos');
      }
      if (row.ticketId !== null) throw new DomainError(409, 'photo_attached', `Photo "${id}" is already attached to a ticket.`, 'photos');
    }
  };

  const attacher: MediaAttacher = {
    attachMedia(ticketId, mediaIds, stage, uploaderKey) {
      if (mediaIds.length === 0) return;
      checkAttachable(mediaIds, uploaderKey);
      // Inside the caller's write: a photo attached since the check (two requests racing) undoes the whole write.
      if (repo.attachAll(mediaIds, ticketId, stage) !== mediaIds.length) {
        throw new DomainError(409, 'photo_attached', 'A photo in "photos" was attached to another ticket meanwhile; nothing was changed.', 'photos');
      }
    },
  };

  const deleteFiles = async (sha256: string) => {
    await store.delete(sha256, 'full');
    await store.delete(sha256, 'thumb');
  };

  return {
    ...attacher,
    checkAttachable,

    /** Processes and stores one photo for `uploaderKey`; 4xx for anything that is not a photo it can keep. */
    async upload(input: Buffer, uploaderKey: string): Promise<MediaUploaded> {
      const photo = await processPhoto(input);
      const sha256 = createHash('sha256').update(photo.full.bytes).digest('hex');
      const id = randomBytes(16).toString('base64url');
      const row = { id, sha256, uploaderKey, width: photo.full.width, height: photo.full.height, bytes: photo.full.bytes.length, createdAt: deps.now() };
      // The row first: the cleanup deletes a file only when no row names its bytes, so it never takes these from under us.
      await deps.write(() => repo.insert(row));
      try {
        await store.put(sha256, 'full', photo.full.bytes);
        await store.put(sha256, 'thumb', photo.thumb.bytes);
      } catch (err) {
        await deps.write(() => repo.deleteUnattached(id));
        throw err;
      }
      return { id, width: row.width, height: row.height, bytes: row.bytes };
    },

    find: (id: string): MediaRow | null => repo.find(id),
    photosOf: (ticketId: number): PhotoRef[] => repo.photosOf(ticketId),
    photosOfMany: (ticketIds: readonly number[]): Map<number, PhotoRef[]> => repo.photosOfMany(ticketIds),
    /**
     * Whether `callerKey` is the ticket's reporter: a reporter's account filed it (ticket_reporters), or it uploaded
     * the report's own photos (an intake token filing with photos).
     */
    isReporterOf: (ticketId: number, callerKey: string): boolean =>
      repo.isReporter(ticketId, callerKey) || repo.uploadedBeforePhotoOf(ticketId, callerKey),
    bytesOf: (row: MediaRow, size: MediaSize): Promise<Buffer | null> => store.get(row.sha256, size),
    /** Read at each handle, so an operator's UPDATE of the categories table counts at once. */
    requiresAfterPhoto: (category: string): boolean => repo.requiresAfterPhoto(category),

    /** Deletes photos left unattached for 24 hours (rows, then files nobody else's row shares); returns how many. */
    async cleanup(): Promise<number> {
      const stale = repo.staleUnattached(deps.now() - UNATTACHED_TTL_MS, CLEANUP_BATCH);
      let deleted = 0;
      for (const row of stale) {
        const outcome = await deps.write(() => {
          const rowGone = repo.deleteUnattached(row.id);
          return { rowGone, filesFree: rowGone && !repo.shaInUse(row.sha256) };
        });
        // Equal bytes uploaded again in the instant between this write and the unlink would lose their files; the
        // upload then answers 404 on read and is simply sent again. Rare enough not to lock uploads for.
        if (outcome.filesFree) await deleteFiles(row.sha256);
        if (outcome.rowGone) deleted += 1;
      }
      return deleted;
    },
  };
}
export type MediaService = ReturnType<typeof createMediaService>;
