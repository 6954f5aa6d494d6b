import { act, render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { wallStore } from '../store/index.js';
import { makeGeo, makeSummary } from '../test/fixtures.js';
import { Wall } from './Wall.js';

const initial = wallStore.getState();

beforeEach(() => {
  wallStore.setState(initial, true);
});

describe('Wall', () => {
  it('shows the dark frame with 连接中… before any data', () => {
    render(<Wall />);
    expect(screen.getByTestId('wall')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('连接中…');
    expect(screen.getByTestId('kpi-total').textContent).toBe('—');
    expect(screen.getByTestId('connection-status').dataset.status).toBe('connecting');
  });

  it('shows the headline numbers, the map and the gauge once data arrives', async () => {
    render(<Wall />);
    await act(async () => {
      wallStore.getState().setGeo(makeGeo());
      wallStore.getState().applySnapshot({ seq: 1, summary: makeSummary({ tickets: { ...makeSummary().tickets, total: 61234 } }) });
      wallStore.getState().setStatus('online');
    });
    expect(screen.queryByRole('status')).toBeNull();
    expect(screen.getByTestId('kpi-total').textContent).toBe('61,234');
    expect(screen.getByTestId('wall').textContent).toContain('1,684');
    expect(screen.getByTestId('map').textContent).toContain('4 个网格');
    expect(screen.getByTestId('gauge-response-rate').querySelector('[role="img"]')).not.toBeNull();
    expect(screen.getByTestId('connection-status').textContent).toContain('已连接');
  });

  it('keeps the values and shows a banner when the link drops', async () => {
    render(<Wall />);
    await act(async () => {
      wallStore.getState().applySnapshot({ seq: 1, summary: makeSummary() });
      wallStore.getState().setStatus('offline', 'transport close');
    });
    expect(screen.getByRole('alert').textContent).toContain('连接已中断');
    expect(screen.getByTestId('wall').textContent).toContain('3,498');
  });
});
