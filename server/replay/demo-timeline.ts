import type { TimelinePort } from '../domain/ports.js';
import { createTimelineIndex, type TimelineIndex } from './timeline-index.js';

/**
 * The demo's year as the ticket service and the replayer share it: how far the year has been applied, and the
 * timeline in memory. The service records people's actions through it (TimelinePort); the replayer moves it along.
 * Made before both, so neither has to exist first and nothing is bound late.
 */
export interface DemoTimeline extends TimelinePort {
  /** The year has been applied up to here (ms); only the replayer moves it. */
  processedTo: number;
  /** The timeline in memory, for seeks (loaded by the replayer). */
  readonly index: TimelineIndex;
}

export function createDemoTimeline(processedTo: number): DemoTimeline {
  const index = createTimelineIndex();
  const timeline: DemoTimeline = {
    processedTo,
    index,
    now: () => timeline.processedTo,
    recorded(ticket, entry) {
      if (entry.action === 'report') index.addTicket({ id: ticket.id, category: ticket.category, gridId: ticket.gridId, reportedAt: ticket.reportedAt }, entry);
      else index.addEntry(ticket.id, entry);
    },
  };
  return timeline;
}
