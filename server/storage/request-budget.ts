import { AsyncLocalStorage } from 'node:async_hooks';
import { DomainError } from '../domain/errors.js';

/**
 * What one HTTP request may spend in SQL on the request-path reads (ticket-repository.ts, audit-repository.ts): at
 * most REQUEST_STATEMENTS_MAX statements and REQUEST_SQL_MS_MAX ms of wall time in them. Past either, the request's
 * next statement refuses with 503 `busy` instead of running: a request that went wrong stops early rather than holding
 * the event loop. A list is one or two statements whatever its values, so only a fault reaches the limits.
 */
export const REQUEST_STATEMENTS_MAX = 12;
export const REQUEST_SQL_MS_MAX = 250;

interface Budget {
  statements: number;
  sqlMs: number;
  /** Set once the response is sent: timers the request started run on without a budget. */
  closed: boolean;
}

const current = new AsyncLocalStorage<Budget>();

/** Runs a request's handling with a fresh budget (the app's first onRequest hook); returns the budget to close. */
export function withRequestBudget(next: () => void): { close(): void } {
  const budget: Budget = { statements: 0, sqlMs: 0, closed: false };
  current.run(budget, next);
  return { close: () => { budget.closed = true; } };
}

/** Work that serves no one request (a group commit of many requests' writes) runs outside any request's budget. */
export function outsideRequestBudget<T>(fn: () => T): T {
  return current.exit(fn);
}

/** Runs one statement of the request in progress, charged to its budget; outside a request, just runs it. */
export function charged<T>(run: () => T): T {
  const budget = current.getStore();
  if (!budget || budget.closed) return run();
  if (budget.statements >= REQUEST_STATEMENTS_MAX || budget.sqlMs >= REQUEST_SQL_MS_MAX) {
    throw new DomainError(503, 'busy', `This request reached its SQL budget (${budget.statements} statements, ${Math.round(budget.sqlMs)} ms; at most ${REQUEST_STATEMENTS_MAX} and ${REQUEST_SQL_MS_MAX} ms): try again, or narrow the filter.`);
  }
  budget.statements += 1;
  const start = performance.now();
  try {
    return run();
  } finally {
    budget.sqlMs += performance.now() - start;
  }
}
