import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors.js';
import { charged, outsideRequestBudget, REQUEST_SQL_MS_MAX, REQUEST_STATEMENTS_MAX, withRequestBudget } from './request-budget.js';

/** Runs fn inside a fresh request budget and returns what it returned (or the error it threw). */
function inRequest<T>(fn: () => T): { value?: T; error?: unknown; close(): void } {
  const out: { value?: T; error?: unknown } = {};
  const budget = withRequestBudget(() => {
    try {
      out.value = fn();
    } catch (error) {
      out.error = error;
    }
  });
  return { ...out, close: budget.close };
}

const busyWait = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end) { /* a slow statement */ }
};

describe('a request SQL budget', () => {
  it('runs REQUEST_STATEMENTS_MAX statements, then refuses the next with 503 busy without running it', () => {
    let ran = 0;
    const { error } = inRequest(() => {
      for (let i = 0; i <= REQUEST_STATEMENTS_MAX; i += 1) charged(() => (ran += 1));
    });
    expect(ran).toBe(REQUEST_STATEMENTS_MAX);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ status: 503, code: 'busy' });
  });

  it('refuses the statement after REQUEST_SQL_MS_MAX ms spent in SQL', () => {
    const { error } = inRequest(() => {
      charged(() => busyWait(REQUEST_SQL_MS_MAX + 5));
      charged(() => 1);
    });
    expect(error).toMatchObject({ status: 503, code: 'busy' });
  });

  it('charges nothing outside a request, in work done for no one request, or once the request has answered', async () => {
    const many = () => { for (let i = 0; i < REQUEST_STATEMENTS_MAX * 3; i += 1) charged(() => i); return 'done'; };
    expect(many()).toBe('done');
    expect(inRequest(() => outsideRequestBudget(many)).value).toBe('done');
    let later: Promise<string> | undefined;
    const req = inRequest(() => { later = new Promise((resolve) => setImmediate(() => resolve(many()))); });
    req.close();
    await expect(later).resolves.toBe('done');
  });

  it('keeps each request its own count across awaits', async () => {
    const run = (n: number) => new Promise<number>((resolve, reject) => {
      withRequestBudget(() => {
        void (async () => {
          let done = 0;
          for (let i = 0; i < n; i += 1) { await new Promise((r) => setImmediate(r)); charged(() => (done += 1)); }
          return done;
        })().then(resolve, reject);
      });
    });
    // Interleaved, each under the limit on its own although together they run more than it.
    await expect(Promise.all([run(REQUEST_STATEMENTS_MAX), run(REQUEST_STATEMENTS_MAX)])).resolves.toEqual([REQUEST_STATEMENTS_MAX, REQUEST_STATEMENTS_MAX]);
  });
});
