import type { TicketStatus } from '../../shared/constants.js';
import type { TicketFilter } from '../api/tickets.js';
import { dayStartMs } from './fmt.js';

export type TicketTab = 'open' | 'overdue' | 'recent';
export const TICKET_TABS: readonly TicketTab[] = ['open', 'overdue', 'recent'];

/** The filter form as the user set it: strings straight from the inputs. */
export interface TicketFilterForm {
  tab: TicketTab;
  status: TicketStatus | '';
  tier: '' | '1' | '2' | '3';
  category: string;
  /** yyyy-mm-dd, Shanghai days, both inclusive. */
  from: string;
  to: string;
}

export const EMPTY_FILTER: TicketFilterForm = { tab: 'open', status: '', tier: '', category: '', from: '', to: '' };

const PAGE_SIZE = 30;
const DAY_MS = 86_400_000;

/** The GET /api/tickets query for one page of the form's tickets. */
export function toTicketQuery(scope: string, form: TicketFilterForm, cursor: string | null): TicketFilter {
  const from = dayStartMs(form.from);
  const toStart = dayStartMs(form.to);
  return {
    scope,
    status: form.status || undefined,
    tier: form.tier ? (Number(form.tier) as 1 | 2 | 3) : undefined,
    category: form.category || undefined,
    overdue: form.tab === 'overdue' || undefined,
    // A chosen status already says open or not; otherwise the open tab asks the server for open tickets only.
    open: (form.tab === 'open' && !form.status) || undefined,
    from: from ?? undefined,
    // "to" is inclusive of that whole day.
    to: toStart === null ? undefined : toStart + DAY_MS - 1,
    cursor: cursor ?? undefined,
    limit: PAGE_SIZE,
  };
}
