import type { Ack, InterServerEvents } from '../../shared/events.js';
import type { MoshaoServer } from '../realtime/broadcaster.js';

/** How long an edge waits for the writer before it tells the wall so (the wall retries by itself). */
export const WRITER_ANSWER_TIMEOUT_MS = 6_000;

type Responses<T> = (Ack<T> | null)[];

/**
 * Sends one question to the cluster (a server-side emit with ack, which every node answers) and resolves with the
 * writer's answer: the one that is not null. Other edges answer null; a writer that is down or slow, or a Redis
 * outage, resolves as a refusal that says so instead of leaving the wall's ack hanging.
 */
export function askWriter<T>(send: (done: (err: Error | null, responses: Responses<T>) => void) => void, timeoutMs = WRITER_ANSWER_TIMEOUT_MS): Promise<Ack<T>> {
  return new Promise((resolve) => {
    const noWriter = (why: string): Ack<T> => ({ ok: false, error: `The writer did not answer (${why}); try again in a moment.` });
    let settled = false;
    const settle = (answer: Ack<T>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(answer);
    };
    const timer = setTimeout(() => settle(noWriter('timeout')), timeoutMs);
    send((err, responses) => {
      // With an error some node did not answer in time; the writer's answer may still be among the responses.
      const answer = (responses ?? []).find((r): r is Ack<T> => r !== null && typeof r === 'object');
      settle(answer ?? noWriter(err ? err.message : 'no writer in the cluster'));
    });
  });
}

type Done<T> = (err: Error | null, responses: Responses<T>) => void;
type Question = 'edge:subscribe' | 'edge:replay' | 'edge:health';
type ArgsOf<E extends Question> = Parameters<InterServerEvents[E]> extends [...infer A, unknown] ? A : never;

/**
 * Asks the writer `event` through io's cluster adapter. Straight to the adapter rather than io.serverSideEmit, which
 * drops the adapter's promise: when Redis drops a connection mid-question that promise rejects (its node count is
 * asked of Redis first), and unhandled it would end the edge's process.
 */
export function ask<T, E extends Question>(io: MoshaoServer, event: E, ...args: ArgsOf<E>): Promise<Ack<T>> {
  return askWriter<T>((done: Done<T>) => {
    Promise.resolve(io.of('/').adapter.serverSideEmit([event, ...args, done])).catch((err: Error) => done(err, []));
  });
}
