import type { PhotoRef, PhotoStage } from '../../shared/schemas/media.js';
import type { Db } from './database.js';

/** One stored photo's row (the bytes are in the media store, under its sha256). */
export interface MediaRow {
  id: string;
  sha256: string;
  uploaderKey: string;
  ticketId: number | null;
  stage: PhotoStage | null;
  width: number;
  height: number;
  bytes: number;
  createdAt: number;
}

const COLUMNS = 'id, sha256, uploader_key AS uploaderKey, ticket_id AS ticketId, stage, width, height, bytes, created_at AS createdAt';

/** The media table (migration 015) and the categories' requires_after_photo. */
export function createMediaRepository(db: Db) {
  const insert = db.prepare('INSERT INTO media (id, sha256, uploader_key, ticket_id, stage, width, height, bytes, created_at) VALUES (?, ?, ?, NULL, NULL, ?, ?, ?, ?)');
  const byId = db.prepare(`SELECT ${COLUMNS} FROM media WHERE id = ?`);
  const byIds = db.prepare(`SELECT ${COLUMNS} FROM media WHERE id IN (SELECT value FROM json_each(?))`);
  const attach = db.prepare('UPDATE media SET ticket_id = ?, stage = ? WHERE id IN (SELECT value FROM json_each(?)) AND ticket_id IS NULL');
  const ofTicket = db.prepare("SELECT id, stage FROM media WHERE ticket_id = ? ORDER BY stage = 'after', created_at, id");
  const uploadedBefore = db.prepare("SELECT 1 FROM media WHERE ticket_id = ? AND stage = 'before' AND uploader_key = ? LIMIT 1");
  const stale = db.prepare(`SELECT ${COLUMNS} FROM media WHERE ticket_id IS NULL AND created_at < ? ORDER BY created_at LIMIT ?`);
  const remove = db.prepare('DELETE FROM media WHERE id = ? AND ticket_id IS NULL');
  const shaUsed = db.prepare('SELECT 1 FROM media WHERE sha256 = ? LIMIT 1');
  // The reporters' accounts of tickets are kept by the reporters' side (014, reporter-repository.ts); read here only.
  const reporterIs = db.prepare("SELECT 1 FROM ticket_reporters WHERE ticket_id = ? AND 'account:' || account_id = ?");
  const ofTickets = db.prepare("SELECT ticket_id AS ticketId, id, stage FROM media WHERE ticket_id IN (SELECT value FROM json_each(?)) ORDER BY stage = 'after', created_at, id");
  const requiring = db.prepare('SELECT requires_after_photo FROM categories WHERE code = ?').pluck();

  return {
    insert(r: Omit<MediaRow, 'ticketId' | 'stage'>): void {
      insert.run(r.id, r.sha256, r.uploaderKey, r.width, r.height, r.bytes, r.createdAt);
    },
    find(id: string): MediaRow | null {
      return (byId.get(id) as MediaRow | undefined) ?? null;
    },
    /** The rows of these ids that exist, in one statement (a request has a budget of statements). */
    findMany(ids: readonly string[]): MediaRow[] {
      return ids.length === 0 ? [] : (byIds.all(JSON.stringify(ids)) as MediaRow[]);
    },
    /** Sets the ticket and stage of the unattached rows among `ids`; returns how many it set. */
    attachAll(ids: readonly string[], ticketId: number, stage: PhotoStage): number {
      return attach.run(ticketId, stage, JSON.stringify(ids)).changes;
    },
    /** A ticket's photos: the report's first, then the 处置后 ones, each in upload order. */
    photosOf(ticketId: number): PhotoRef[] {
      return ofTicket.all(ticketId) as PhotoRef[];
    },
    /** The photos of several tickets in one statement (a reporter's list has a budget of statements). */
    photosOfMany(ticketIds: readonly number[]): Map<number, PhotoRef[]> {
      const out = new Map<number, PhotoRef[]>();
      if (ticketIds.length === 0) return out;
      for (const r of ofTickets.all(JSON.stringify(ticketIds)) as (PhotoRef & { ticketId: number })[]) {
        const list = out.get(r.ticketId) ?? [];
        list.push({ id: r.id, stage: r.stage });
        out.set(r.ticketId, list);
      }
      return out;
    },
    /** Whether `uploaderKey` attached the report's photos of this ticket (its reporter). */
    uploadedBeforePhotoOf(ticketId: number, uploaderKey: string): boolean {
      return uploadedBefore.get(ticketId, uploaderKey) !== undefined;
    },
    /** Unattached rows uploaded before `before`, oldest first, at most `limit`. */
    staleUnattached(before: number, limit: number): MediaRow[] {
      return stale.all(before, limit) as MediaRow[];
    },
    /** Deletes an unattached row; false when it got attached in between. */
    deleteUnattached(id: string): boolean {
      return remove.run(id).changes === 1;
    },
    /** Whether any row still points at these bytes (content-addressed files are shared by equal photos). */
    shaInUse(sha256: string): boolean {
      return shaUsed.get(sha256) !== undefined;
    },
    isReporter(ticketId: number, reporterKey: string): boolean {
      return reporterIs.get(ticketId, reporterKey) !== undefined;
    },
    requiresAfterPhoto(category: string): boolean {
      return requiring.get(category) === 1;
    },
  };
}
export type MediaRepository = ReturnType<typeof createMediaRepository>;
