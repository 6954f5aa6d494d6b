import { intakeBodies } from '../lib/bodies.js';
import { fetchCatalogue } from '../lib/catalogue.js';
import { httpRequest } from '../lib/http.js';

/** Every 4th filed ticket is urgent (急难愁盼): an urgent ticket interrupts the wall (client/store/interrupt-queue.ts). */
export const URGENT_EVERY = 4;

export interface FeederCounts {
  filed: number;
  urgent: number;
  /** Answers other than 201, by status: the bench reports them rather than failing the run. */
  refused: Record<number, number>;
}

export interface IntakeFeeder {
  counts: FeederCounts;
  stop(): Promise<void>;
}

/**
 * Files a ticket over HTTP every `everyMs`, as the mini program would, so the wall sees live intake (pushed tickets,
 * board rows, ripples and urgent interrupts) on top of the replay. One request at a time: a slow answer delays the
 * next one instead of piling requests up.
 */
export async function startIntakeFeeder(port: number, token: string, everyMs: number): Promise<IntakeFeeder> {
  const catalogue = await fetchCatalogue(port);
  const bodies = intakeBodies(catalogue, 997, (i) => `Wall bench ${i}`);
  const counts: FeederCounts = { filed: 0, urgent: 0, refused: {} };
  let i = 0;
  let inFlight: Promise<void> = Promise.resolve();
  const fileOne = async (): Promise<void> => {
    const urgent = i % URGENT_EVERY === 0;
    const body = { ...bodies[i % bodies.length], urgent };
    i++;
    const res = await httpRequest(port, 'POST', '/api/tickets', { body: JSON.stringify(body), headers: { authorization: `Bearer ${token}` } });
    if (res.status === 201) {
      counts.filed++;
      if (urgent) counts.urgent++;
    } else {
      counts.refused[res.status] = (counts.refused[res.status] ?? 0) + 1;
    }
  };
  const timer = setInterval(() => {
    inFlight = inFlight.then(fileOne).catch(() => {
      counts.refused[0] = (counts.refused[0] ?? 0) + 1;
    });
  }, everyMs);
  return {
    counts,
    async stop() {
      clearInterval(timer);
      await inFlight;
    },
  };
}
