import { describe, expect, it } from 'vitest';
import { makeTicket } from '../test/ticket-factory.js';
import { countersFrom, kpiOf } from './aggregates.js';
import { contributionOf, dayStart, nextThreshold } from './contribution.js';

const H = 3600_000;

describe('KPI formulas', () => {
  const base = makeTicket();
  const t0 = base.reportedAt;

  it('response rate: accepted within the deadline over those whose response was due', () => {
    const inTime = makeTicket({ id: 1, status: 'accepted', acceptedAt: t0 + H });
    const late = makeTicket({ id: 2, status: 'accepted', acceptedAt: t0 + 3 * H });
    const notDueYet = makeTicket({ id: 3 });
    const kpi = kpiOf(countersFrom([inTime, late, notDueYet], t0 + 90 * 60_000));
    expect(kpi.responseDue).toBe(2);
    expect(kpi.respondedInTime).toBe(1);
    expect(kpi.responseRate).toBe(0.5);
    // Once the third ticket's deadline passes unanswered it is due and missed.
    const later = kpiOf(countersFrom([inTime, late, notDueYet], t0 + 2 * H + 1));
    expect(later.responseRate).toBeCloseTo(1 / 3);
  });

  it('closure, on-time, satisfaction and rework rates', () => {
    const onTime = makeTicket({ id: 1, status: 'evaluated', acceptedAt: t0, closedAt: t0 + 10 * H, rating: 5 });
    const lateReworked = makeTicket({ id: 2, status: 'evaluated', acceptedAt: t0, closedAt: t0 + 80 * H, rating: 3, reworks: 1 });
    const openPastDue = makeTicket({ id: 3, status: 'in_progress', acceptedAt: t0 });
    const rejected = makeTicket({ id: 4, status: 'rejected', acceptedAt: t0 });
    const c = countersFrom([onTime, lateReworked, openPastDue, rejected], t0 + 100 * H);
    const kpi = kpiOf(c);
    expect(kpi.closeDue).toBe(3); // rejected tickets are never due to close
    expect(kpi.closureRate).toBeCloseTo(2 / 3);
    expect(kpi.onTimeRate).toBe(0.5);
    expect(kpi.satisfactionRate).toBe(0.5);
    expect(kpi.reworkRate).toBe(0.5);
    expect(c.overdue).toBe(1);
    expect(c.open).toBe(1);
  });

  it('rates are null when nothing is due', () => {
    const kpi = kpiOf(countersFrom([], 0));
    expect(kpi.responseRate).toBeNull();
    expect(kpi.satisfactionRate).toBeNull();
  });

  it('a ticket waits for its next deadline only while the clock can still change it', () => {
    expect(nextThreshold(base, t0)).toBe(base.responseDueAt);
    const accepted = makeTicket({ status: 'accepted', acceptedAt: t0 });
    expect(nextThreshold(accepted, t0)).toBe(accepted.closeDueAt);
    expect(nextThreshold(makeTicket({ status: 'closed', acceptedAt: t0, closedAt: t0 }), t0)).toBeNull();
    expect(contributionOf(accepted, accepted.closeDueAt + 1).overdue).toBe(1);
    expect(contributionOf(accepted, accepted.closeDueAt).overdue).toBe(0);
  });

  it('days are Asia/Shanghai days', () => {
    // 2023-06-01 16:30 UTC is 2023-06-02 00:30 in Shanghai.
    expect(new Date(dayStart(Date.UTC(2023, 5, 1, 16, 30))).toISOString()).toBe('2023-06-01T16:00:00.000Z');
  });
});
