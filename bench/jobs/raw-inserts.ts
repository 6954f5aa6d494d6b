/**
 * The storage floor under the replay: the rows the replay ended with (tickets and ticket_events, read from the replayed
 * database beforehand, untimed), inserted into a copy of the empty world database with the app's own pragmas, schema
 * and indexes, by prepared statements in ONE transaction. Prints one JSON line.
 * argv: <replayed db> <db to insert into: a copy of the world database (its ticket tables are emptied first, untimed)>
 */
import Database from 'better-sqlite3';
import { openDatabase } from '../../server/storage/database.js';

const [replayedPath, dbPath] = process.argv.slice(2);
if (!replayedPath || !dbPath) throw new Error('usage: raw-inserts.ts <replayed db> <target db>');

const src = new Database(replayedPath, { readonly: true });
const tickets = src.prepare('SELECT * FROM tickets ORDER BY id').raw().all() as unknown[][];
const events = src.prepare('SELECT * FROM ticket_events ORDER BY id').raw().all() as unknown[][];
const ticketCols = tickets[0]?.length ?? 0;
const eventCols = events[0]?.length ?? 0;
src.close();

const db = openDatabase(dbPath);
// The world database already holds the year's timeline (rows in their filed state, events): start from none.
db.pragma('foreign_keys = OFF');
db.exec('DELETE FROM idempotency_keys; DELETE FROM ticket_events; DELETE FROM tickets;');
db.pragma('foreign_keys = ON');
const insTicket = db.prepare(`INSERT INTO tickets VALUES (${Array(ticketCols).fill('?').join(', ')})`);
const insEvent = db.prepare(`INSERT INTO ticket_events VALUES (${Array(eventCols).fill('?').join(', ')})`);
const t0 = performance.now();
const cpu0 = process.cpuUsage();
db.transaction(() => {
  for (const row of tickets) insTicket.run(row);
  for (const row of events) insEvent.run(row);
})();
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
db.close();
// CPU time too: on a shared machine the wall clock measures the neighbours as much as the work.
process.stdout.write(`${JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, tickets: tickets.length, events: events.length })}\n`);
