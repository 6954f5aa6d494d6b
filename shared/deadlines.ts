import { HOUR_MS } from './constants.js';

/** Deadlines of a ticket, from its category's catalogue row. Pure; used by the server and the fixture generator. */
export interface DeadlineRule {
  responseMinutes: number;
  closeHours: number;
}

export function responseDueAt(reportedAt: number, rule: DeadlineRule): number {
  return reportedAt + rule.responseMinutes * 60_000;
}

/** The closing deadline counts from filing, and again from each escalation (which resets it). */
export function closeDueAt(from: number, rule: DeadlineRule): number {
  return from + rule.closeHours * HOUR_MS;
}
