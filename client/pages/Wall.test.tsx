import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { langStore } from '../i18n/lang-store.js';
import { wallStore } from '../store/index.js';
import { makeGeo, makeSnapshot, makeSummary, makeTicket } from '../test/fixtures.js';
import { Wall } from './Wall.js';

const initial = wallStore.getState();

beforeEach(() => {
  wallStore.setState(initial, true);
  langStore.getState().setLang('zh');
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const TEST_IDS = ['wall', 'map', 'gauge-response-rate', 'gauge-on-time', 'gauge-satisfaction', 'ticket-board', 'connection-status', 'kpi-total'];

describe('Wall', () => {
  it('shows the dark frame with 连接中… before any data', () => {
    render(<Wall />);
    expect(screen.getByTestId('wall')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('连接中…');
    expect(screen.getByTestId('kpi-total').textContent).toBe('—');
    expect(screen.getByTestId('connection-status').dataset.status).toBe('connecting');
  });

  it('shows every marked element, the counters and the board once data arrives', async () => {
    render(<Wall />);
    await act(async () => {
      wallStore.getState().setGeo(makeGeo());
      wallStore.getState().setMode('demo');
      wallStore.getState().applySnapshot(makeSnapshot(1, makeSummary({ tickets: { ...makeSummary().tickets, total: 61234 } })));
      wallStore.getState().setStatus('online');
      wallStore.getState().fillBoard([makeTicket(2), makeTicket(1)]);
    });
    expect(screen.queryByRole('status')).toBeNull();
    for (const id of TEST_IDS) expect(screen.getByTestId(id)).toBeTruthy();
    expect(screen.getByTestId('kpi-total').textContent).toBe('61,234');
    expect(screen.getByTestId('kpi-total').dataset.value).toBe('61234');
    expect(screen.getByTestId('wall').textContent).toContain('3,498');
    expect(screen.getByTestId('map').dataset.cells).toBe('4');
    expect(screen.getByTestId('replay-watermark').textContent).toContain('回放');
    expect(screen.getByTestId('connection-status').textContent).toContain('已连接');
    const board = screen.getByTestId('ticket-board');
    expect(board.querySelectorAll('[data-ticket-id]')).toHaveLength(2);
  });

  it('says, in live mode without an imported world, that none is imported and how, over a frame that is still drawn', async () => {
    render(<Wall />);
    await act(async () => {
      wallStore.getState().setMode('live');
      wallStore.getState().setWorldCells(0);
      wallStore.getState().setGeo({ type: 'FeatureCollection', features: [] });
      wallStore.getState().applySnapshot(makeSnapshot(1, makeSummary()));
      wallStore.getState().setStatus('online');
    });
    const notice = screen.getByTestId('no-world');
    expect(notice.textContent).toContain('尚未导入本辖区的网格数据');
    expect(notice.textContent).toContain('npm run world:import');
    expect(screen.getAllByRole('status')).toHaveLength(1);
    for (const id of TEST_IDS) expect(screen.getByTestId(id)).toBeTruthy();
    // No chart for an empty map (ECharts cannot frame one), just the words.
    expect(screen.getByTestId('map').dataset.cells).toBe('0');
    expect(screen.getByTestId('map').textContent).toContain('此范围没有网格');
    // Once the world is there (a restarted server), the notice is gone; demo mode never shows it.
    await act(async () => wallStore.getState().setWorldCells(325));
    expect(screen.queryByTestId('no-world')).toBeNull();
    await act(async () => {
      wallStore.getState().setWorldCells(0);
      wallStore.getState().setMode('demo');
    });
    expect(screen.queryByTestId('no-world')).toBeNull();
  });

  it('keeps the values and shows a banner with a ticking stale age when the link drops', async () => {
    vi.useFakeTimers();
    render(<Wall />);
    await act(async () => {
      wallStore.getState().applySnapshot(makeSnapshot(1, makeSummary()));
      wallStore.getState().setStatus('offline', 'transport close');
    });
    expect(screen.getByRole('alert').textContent).toContain('连接已中断');
    expect(screen.getByRole('alert').textContent).toContain('00:00');
    await act(async () => {
      vi.advanceTimersByTime(5_000);
    });
    expect(screen.getByRole('alert').textContent).toContain('00:05');
    expect(screen.getByTestId('wall').textContent).toContain('3,498');
    await act(async () => {
      wallStore.getState().applySnapshot(makeSnapshot(9, makeSummary()));
      wallStore.getState().setStatus('online');
    });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('switches to English and back', async () => {
    render(<Wall />);
    await act(async () => {
      wallStore.getState().applySnapshot(makeSnapshot(1, makeSummary()));
      langStore.getState().setLang('en');
    });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Zhenjiang ETDZ Integrated Command Center');
    await act(async () => langStore.getState().setLang('zh'));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('镇江经开区集成管理指挥中心');
  });

  it("titles a town's wall with the town", async () => {
    render(<Wall />);
    await act(async () => {
      wallStore.setState({ scope: '321171001', mapScope: '321171001' });
      wallStore.getState().applySnapshot(makeSnapshot(1, makeSummary({ scope: { id: '321171001', level: 'town', name: '丁卯街道', parents: ['321171'] } })));
    });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('丁卯街道集成管理指挥中心');
  });

  it('keeps the wall up with a summary missing sections', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    render(<Wall />);
    await act(async () => {
      // A summary missing its modules and tiers: must not white-screen the wall.
      const broken = { ...makeSummary(), modules: null, tickets: { ...makeSummary().tickets, byTier: null } } as unknown as ReturnType<typeof makeSummary>;
      wallStore.getState().applySnapshot(makeSnapshot(1, broken));
    });
    expect(screen.getByTestId('wall')).toBeTruthy();
    expect(screen.getByTestId('kpi-total')).toBeTruthy();
  });
});
