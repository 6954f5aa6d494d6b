import { SHANGHAI_OFFSET_MS } from '../../../shared/constants.js';

/** 督办 serial of a ticket: DB-<year of its report, Asia/Shanghai>-<id, six digits at least>, e.g. DB-2023-000123. Pure. */
export function superviseSerial(ticketId: number, reportedAt: number): string {
  const year = new Date(reportedAt + SHANGHAI_OFFSET_MS).getUTCFullYear();
  return `DB-${year}-${String(ticketId).padStart(6, '0')}`;
}

/** An instant as 镇江 reads it: 2023-10-17 09:30. Pure. */
export function shanghaiMinute(at: number): string {
  return new Date(at + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}
