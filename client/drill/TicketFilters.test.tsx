import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { TicketFilters } from './TicketFilters.js';
import { EMPTY_FILTER } from './ticket-query.js';

/** The button that folds the filters on a phone (drill.css shows it only there): it says how many are in use. */
describe('TicketFilters', () => {
  it('names the filters in use on the button that shows them, and opens and closes them', () => {
    const onChange = vi.fn();
    const { rerender } = render(<TicketFilters form={EMPTY_FILTER} categories={[]} onChange={onChange} />);
    const toggle = screen.getByTestId('filters-toggle');
    expect(toggle.textContent).toBe('更多筛选 ▾');
    const fields = document.getElementById(toggle.getAttribute('aria-controls')!)!;
    expect(fields.contains(screen.getByTestId('filter-status'))).toBe(true);
    expect(fields.classList.contains('open')).toBe(false);

    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(fields.classList.contains('open')).toBe(true);

    rerender(<TicketFilters form={{ ...EMPTY_FILTER, status: 'reported', from: '2023-06-01' }} categories={[]} onChange={onChange} />);
    expect(toggle.textContent).toBe('更多筛选 · 2 ▴');
    expect(toggle.classList.contains('warn')).toBe(true);
    fireEvent.click(toggle);
    expect(fields.classList.contains('open')).toBe(false);
  });
});
