import { performance } from 'node:perf_hooks';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { CHANNELS, TICKET_ACTIONS } from '../../shared/constants.js';
import { MODULE_EVENT_TYPES } from '../../shared/schemas/modules.js';
import type { WriteObserver } from '../domain/ports.js';

/** Commit to emission is bounded by the broadcaster's coalescing window (250 ms); the upper buckets catch a stalled loop. */
const PUSH_DELAY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.3, 0.5, 1, 2.5, 5];
const BATCH_SIZE_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];
/** Commits waiting for their emission; a flush that never comes must not grow this without end. */
const PENDING_COMMITS_MAX = 10_000;

/**
 * What the gauges read when Prometheus scrapes: nothing runs on a timer. A process registers the ones it has (an edge
 * process that only serves sockets has no database and no clock).
 */
export interface GaugeSources {
  socketClients: () => number;
  scopeRooms: () => number;
  screensReporting: () => number;
  walBytes: () => number;
  /** The clock tickets are stamped with, epoch seconds: the demo's virtual 2023, or wall time in live mode. */
  clockSeconds: () => number;
}

/**
 * Moshao's own metrics, one set per app, in the app's own registry (a test process builds many apps). The pieces that
 * do things are handed the small callbacks below; none of them imports this module.
 */
export function createMoshaoMetrics(registry = new Registry(), now: () => number = () => performance.now()) {
  const registers = [registry];
  const ticketsIngested = new Counter({
    name: 'moshao_tickets_ingested_total', help: 'Tickets filed through intake (POST /api/tickets, Open311), by channel.',
    labelNames: ['channel'], registers,
  });
  const transitions = new Counter({
    name: 'moshao_ticket_transitions_total', help: 'Ticket transitions made by supervisors, by action.', labelNames: ['action'], registers,
  });
  const moduleEvents = new Counter({
    name: 'moshao_module_events_total', help: '人车房物 events accepted from other systems (POST /api/modules/events), by type.',
    labelNames: ['type'], registers,
  });
  const pushDelay = new Histogram({
    name: 'moshao_push_delay_seconds', help: 'From the commit of an HTTP write batch to the emission of the socket deltas carrying it.',
    buckets: PUSH_DELAY_BUCKETS, registers,
  });
  const batchSize = new Histogram({
    name: 'moshao_write_batch_size', help: 'Requests committed together by one group commit of the write batcher.',
    buckets: BATCH_SIZE_BUCKETS, registers,
  });
  // Every label value known up front starts at 0, so a rate() sees the first increment.
  for (const channel of CHANNELS) ticketsIngested.inc({ channel }, 0);
  for (const action of TICKET_ACTIONS) transitions.inc({ action }, 0);
  for (const type of MODULE_EVENT_TYPES) moduleEvents.inc({ type }, 0);

  let pendingCommits: number[] = [];

  const observer: WriteObserver = {
    filed: (ticket) => ticketsIngested.inc({ channel: ticket.channel }),
    transitioned: (action) => transitions.inc({ action }),
  };

  return {
    registry,
    /** The ticket service's port. */
    observer,
    moduleEventsAccepted(types: readonly string[]): void {
      for (const type of types) moduleEvents.inc({ type });
    },
    /** The write batcher committed `size` requests; `pushPending`: they left changes for the broadcaster to emit. */
    committed(size: number, pushPending: boolean): void {
      batchSize.observe(size);
      if (pushPending && pendingCommits.length < PENDING_COMMITS_MAX) pendingCommits.push(now());
    },
    /**
     * The broadcaster flushed changes (it calls this only when it had some). A write marks its changes inside its
     * transaction, so everything committed before this flush is carried by it: when it emitted anything, each commit
     * waited until now. Nothing emitted (no wall listens) means no delay to measure.
     */
    flushed(emitted: boolean): void {
      if (emitted) {
        const at = now();
        for (const committedAt of pendingCommits) pushDelay.observe((at - committedAt) / 1000);
      }
      pendingCommits = [];
    },
    /** The gauges, read on scrape. */
    gauges(sources: Partial<GaugeSources>): void {
      const gauge = (name: string, help: string, read: (() => number) | undefined) => {
        if (read) new Gauge({ name, help, registers, collect() { this.set(read()); } });
      };
      gauge('moshao_socket_clients', 'Socket.IO connections open now.', sources.socketClients);
      gauge('moshao_scope_rooms', 'Scope rooms (district, town, village, grid) with at least one socket in them.', sources.scopeRooms);
      gauge('moshao_screens_reporting', 'Walls connected now that have sent a health report.', sources.screensReporting);
      gauge('moshao_sqlite_wal_bytes', 'Size of the SQLite write-ahead log file (0 for an in-memory database).', sources.walBytes);
      gauge('moshao_replay_clock_seconds', 'The clock tickets are stamped with, epoch seconds: the demo\'s virtual 2023, or wall time in live mode.',
        sources.clockSeconds);
    },
  };
}
export type MoshaoMetrics = ReturnType<typeof createMoshaoMetrics>;
