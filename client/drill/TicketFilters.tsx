import { useId, useState } from 'react';
import { TICKET_STATUSES, type TicketStatus } from '../../shared/constants.js';
import type { Category } from '../../shared/schemas/ticket.js';
import { categoryName } from '../i18n/category-name.js';
import { useLang } from '../i18n/lang-store.js';
import { useDrillMessages } from '../i18n/use-drill-messages.js';
import { Options } from './Options.js';
import { EMPTY_FILTER, TICKET_TABS, type TicketFilterForm } from './ticket-query.js';

interface TicketFiltersProps {
  form: TicketFilterForm;
  categories: readonly Category[];
  onChange: (form: TicketFilterForm) => void;
}

/**
 * Tabs (open, overdue, recent) and filters by status, tier, category and reported date. Changes apply at once. On a
 * phone (drill.css) the filters other than the tabs fold behind a button that counts the ones in use, so that the
 * list is not a screen further down; on a laptop the button is hidden and they are always shown.
 */
export function TicketFilters({ form, categories, onChange }: TicketFiltersProps) {
  const t = useDrillMessages();
  const lang = useLang();
  const [more, setMore] = useState(false);
  const fieldsId = useId();
  const set = <K extends keyof TicketFilterForm>(key: K, value: TicketFilterForm[K]) => onChange({ ...form, [key]: value });
  const inUse = [form.status, form.tier, form.category, form.from, form.to].filter(Boolean).length;
  return (
    <div className="dfilters" data-testid="ticket-filters">
      <div className="dtabs" role="tablist">
        {TICKET_TABS.map((tab) => (
          <button key={tab} type="button" role="tab" aria-selected={form.tab === tab} className={form.tab === tab ? 'dchip on' : 'dchip'} onClick={() => set('tab', tab)}>
            {t.ticketTabs[tab]}
          </button>
        ))}
      </div>
      <button
        type="button"
        className={inUse > 0 ? 'dchip dfilters-toggle warn' : 'dchip dfilters-toggle'}
        aria-expanded={more}
        aria-controls={fieldsId}
        onClick={() => setMore((m) => !m)}
        data-testid="filters-toggle"
      >
        {t.filters.more}
        {inUse > 0 && ` · ${inUse}`} {more ? '▴' : '▾'}
      </button>
      <div className={more ? 'dfilters-fields open' : 'dfilters-fields'} id={fieldsId}>
        <label className="dfield-inline">
          {t.filters.status}
          <select value={form.status} onChange={(e) => set('status', e.target.value as TicketStatus | '')} data-testid="filter-status">
            <option value="">{t.filters.all}</option>
            <Options values={TICKET_STATUSES} label={(s) => t.statuses[s]} />
          </select>
        </label>
        <label className="dfield-inline">
          {t.filters.tier}
          <select value={form.tier} onChange={(e) => set('tier', e.target.value as TicketFilterForm['tier'])}>
            <option value="">{t.filters.all}</option>
            <Options values={['1', '2', '3'] as const} label={(n) => t.tiers[Number(n) as 1 | 2 | 3]} />
          </select>
        </label>
        <label className="dfield-inline">
          {t.filters.category}
          <select value={form.category} onChange={(e) => set('category', e.target.value)}>
            <option value="">{t.filters.all}</option>
            {categories.map((c) => (
              <option key={c.code} value={c.code}>
                {categoryName(c, c.code, lang)}
              </option>
            ))}
          </select>
        </label>
        <label className="dfield-inline">
          {t.filters.from}
          <input type="date" value={form.from} onChange={(e) => set('from', e.target.value)} />
        </label>
        <label className="dfield-inline">
          {t.filters.to}
          <input type="date" value={form.to} onChange={(e) => set('to', e.target.value)} />
        </label>
        <button type="button" className="dbtn ghost" onClick={() => onChange({ ...EMPTY_FILTER, tab: form.tab })}>
          {t.filters.clear}
        </button>
      </div>
    </div>
  );
}
