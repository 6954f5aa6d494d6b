import { act, render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { langStore } from '../i18n/lang-store.js';
import { wallStore } from '../store/index.js';
import { makeSnapshot, makeSummary } from '../test/fixtures.js';
import { KpiGauges } from './KpiGauges.js';

const initial = wallStore.getState();
beforeEach(() => {
  wallStore.setState(initial, true);
  langStore.getState().setLang('zh');
});

describe('the 督办 strip in the KPI panel', () => {
  it('shows the three counts of the snapshot and follows a delta that changes them', async () => {
    render(<KpiGauges />);
    await act(async () => {
      wallStore.getState().applySnapshot(makeSnapshot(1, makeSummary({ supervise: { red: 12, yellow: 3, blue: 1234 } })));
    });
    const strip = screen.getByTestId('supervise-strip');
    expect(strip.textContent).toBe('督办超期 12未及时签收 3临期 1,234');
    expect(screen.getByTestId('supervise-red').dataset.value).toBe('12');

    await act(async () => {
      wallStore.getState().applyDelta({ scope: makeSummary().scope.id, seq: 2, patch: { supervise: { red: 13, yellow: 0, blue: 1234 } } });
    });
    expect(screen.getByTestId('supervise-red').dataset.value).toBe('13');
    expect(screen.getByTestId('supervise-yellow').textContent).toContain('0');

    act(() => langStore.getState().setLang('en'));
    expect(screen.getByTestId('supervise-strip').textContent).toContain('Overdue 13');
  });

  it('is absent when the summary carries no 督办 section', async () => {
    render(<KpiGauges />);
    await act(async () => {
      wallStore.getState().applySnapshot(makeSnapshot(1, makeSummary()));
    });
    expect(screen.getByTestId('kpi-gauges')).toBeTruthy();
    expect(screen.queryByTestId('supervise-strip')).toBeNull();
  });
});
