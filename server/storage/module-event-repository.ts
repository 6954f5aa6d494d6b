import type { ModuleEvent } from '../../shared/schemas/modules.js';
import type { ModuleEventStore, NewModuleEventRow } from '../domain/ports.js';
import type { Db } from './database.js';

/** One stored event, as the live numbers are rebuilt from it. */
export interface StoredModuleEvent {
  event: ModuleEvent;
  at: number;
}


/** The fields of an event beyond those with their own column. */
function detailOf(e: ModuleEvent): string {
  const { id: _id, type: _type, at: _at, gridId: _gridId, ...rest } = e;
  return JSON.stringify(rest);
}

type Row = { id: string; type: string; at: number; grid_id: string; detail: string };
const toStored = (r: Row): StoredModuleEvent => ({
  // The original "at" text is not kept: the instant is, and nothing downstream reads the text.
  event: { id: r.id, type: r.type, at: new Date(r.at).toISOString(), gridId: r.grid_id, ...(JSON.parse(r.detail) as object) } as ModuleEvent,
  at: r.at,
});

/** The module_events table (migration 007): the idempotency of other systems' events and the source of their numbers. */
export function createModuleEventRepository(db: Db) {
  const findHash = db.prepare<[string, string], { body_hash: string }>('SELECT body_hash FROM module_events WHERE caller = ? AND id = ?');
  const insert = db.prepare(
    'INSERT INTO module_events (caller, id, type, at, grid_id, detail, body_hash, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const between = db.prepare<[number, number], Row>(
    "SELECT id, type, at, grid_id, detail FROM module_events WHERE at >= ? AND at <= ? AND type <> 'building.changed'",
  );
  const housesUntil = db.prepare<[number], Row>(
    "SELECT id, type, at, grid_id, detail FROM module_events WHERE type = 'building.changed' AND at <= ?",
  );

  return {
    /** The body hash of the caller's event with this id, or null when it has none. */
    hashOf(caller: string, id: string): string | null {
      return findHash.get(caller, id)?.body_hash ?? null;
    },

    /** Writes the rows in one transaction (joining the caller's, e.g. the write batcher's): all or none. */
    insertAll(rows: readonly NewModuleEventRow[]): void {
      const write = () => {
        for (const r of rows) insert.run(r.caller, r.event.id, r.event.type, r.at, r.event.gridId, detailOf(r.event), r.bodyHash, r.receivedAt);
      };
      if (db.inTransaction) write();
      else db.transaction(write)();
    },

    /** Every event but house changes that happened in [from, to]. */
    eventsBetween(from: number, to: number): StoredModuleEvent[] {
      return between.all(from, to).map(toStored);
    },

    /** Every house change up to `to`: they move standing numbers, which last. */
    houseChangesUntil(to: number): StoredModuleEvent[] {
      return housesUntil.all(to).map(toStored);
    },
  };
}
export type ModuleEventRepository = ReturnType<typeof createModuleEventRepository>;
/** The module-event service's port, checked here at compile time. */
const _implementsModuleEventStore: (db: Db) => ModuleEventStore = createModuleEventRepository;
