import { CHANNELS, REPORTER_ROLES } from '../../shared/constants.js';
import type { NewTicket } from '../../shared/schemas/ticket.js';

export interface Catalogue {
  categories: { code: string; name: string }[];
  cellIds: string[];
}

/**
 * Intake bodies as the mini program sends them, rotating category, cell, channel and role so the app's duplicate
 * lookup (open tickets of the same category within 250 m) sees a realistic mix instead of one hot category and cell.
 * Strides are coprime with the list lengths, so consecutive bodies differ in every field.
 */
export function intakeBodies(cat: Catalogue, count: number, titleOf: (i: number) => string = (i) => `Bench intake ${i}`): NewTicket[] {
  const out: NewTicket[] = [];
  for (let i = 0; i < count; i++) {
    const category = cat.categories[i % cat.categories.length];
    out.push({
      category: category.code,
      title: `${titleOf(i)} ${category.name}`,
      description: `Reported by the benchmark: ${category.name} needs attention near the service station, please check.`,
      channel: CHANNELS[i % CHANNELS.length],
      reporterRole: REPORTER_ROLES[(i * 3) % REPORTER_ROLES.length],
      urgent: i % 17 === 0,
      gridId: cat.cellIds[(i * 7) % cat.cellIds.length],
      address: `Building ${(i % 40) + 1}, Unit ${(i % 6) + 1}`,
    });
  }
  return out;
}
