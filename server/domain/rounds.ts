import { SHANGHAI_OFFSET_MS } from '../../shared/constants.js';
import type { RoundDevice, RoundItem } from '../../shared/schemas/reporters.js';
import type { ModuleEvent } from '../../shared/schemas/modules.js';
import { DomainError } from './errors.js';

/**
 * The category a fault found on the rounds files its ticket under. A reminder visit that finds something wrong (gas
 * left on, a resident who needs help) goes to 民生服务, the unit that follows up households.
 */
export const ROUND_FAULT_CATEGORY: Record<RoundDevice, string> = {
  elevator: 'elevator',
  gas: 'gas_safety',
  hydrant: 'fire_safety',
  water: 'water_pipe',
  reminder: 'elderly_care',
};

/** What a fault's ticket is titled, in the words the 民情记录本 uses. */
export const ROUND_DEVICE_NAME: Record<RoundDevice, string> = {
  elevator: '电梯', gas: '燃气管道', hydrant: '消防栓', water: '供水管道', reminder: '关水关电关气提醒走访',
};

/** The calendar day (YYYY-MM-DD) of an instant in Asia/Shanghai (UTC+8 all year). */
export function shanghaiDate(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The day `days - 1` before `date` (the first day of a window of `days` days ending on `date`). */
export function firstDayOf(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
}

/** Refuses a page that names a device twice, or puts photos on an item that found nothing (they go with a fault). */
export function checkRoundItems(items: readonly RoundItem[]): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.device)) throw new DomainError(400, 'duplicate_device', `items[${i}]: "${item.device}" is already on this page; each is checked once a day.`, 'items');
    seen.add(item.device);
    if (item.result === 'ok' && item.photos && item.photos.length > 0) {
      throw new DomainError(400, 'photos_without_fault', `items[${i}]: photos go with a fault (they are attached to its ticket).`, 'items');
    }
  });
}

/**
 * The 人车房物 events a page of rounds means: each device checked is a device.inspected or device.fault in the cell, at
 * the instant it was recorded. Reminder visits are no device and record no event. Ids are the household's and the day's,
 * so a page can only ever count once.
 */
export function roundEvents(items: readonly RoundItem[], p: { staffId: string; date: string; gridId: string; at: number }): ModuleEvent[] {
  const at = new Date(p.at).toISOString();
  return items.flatMap((item): ModuleEvent[] => item.device === 'reminder' ? [] : [{
    id: `rounds:${p.staffId}:${p.date}:${item.device}`, type: item.result === 'ok' ? 'device.inspected' : 'device.fault',
    at, gridId: p.gridId, device: item.device,
  }]);
}
