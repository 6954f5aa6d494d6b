import { render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TicketPage } from '../../shared/schemas/drill.js';
import type { SupervisePage } from '../../shared/schemas/notify.js';
import { langStore } from '../i18n/lang-store.js';
import { SupervisePrint } from './SupervisePrint.js';
import { makeTicket } from './test-fixtures.js';

const GRID = '321171001002-03';
const TICKET: TicketPage = {
  ticket: makeTicket({ id: 123, title: '王**家门口路灯不亮', category: 'lamp', status: 'dispatched', reportedAt: Date.UTC(2023, 9, 16, 1, 0), gridId: GRID }),
  timeline: [
    { id: 1, ticketId: 123, at: Date.UTC(2023, 9, 16, 1, 0), action: 'report', fromStatus: null, toStatus: 'reported', actor: 'grid_member', note: '' },
    { id: 2, ticketId: 123, at: Date.UTC(2023, 9, 16, 2, 0), action: 'dispatch', fromStatus: 'accepted', toStatus: 'dispatched', actor: '区水务局', note: '已联系王**，电话139****5678' },
  ],
  possibleDuplicates: [], allowedActions: [], mayReveal: false,
  place: { gridId: GRID, gridName: '三网格', villageCode: '321171001002', villageName: '丁卯社区', townCode: '321171001', townName: '丁卯街道', households: 300 },
};

function stubServer(items: SupervisePage['items']) {
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetchMock = vi.fn(async (url: string) => {
    if (url === '/api/drill/tickets/123') return json(200, TICKET);
    if (url === `/api/supervise?scope=${encodeURIComponent(GRID)}`) return json(200, { counts: { red: 1, yellow: 0, blue: 0 }, items });
    if (url === '/api/categories') return json(200, [{ code: 'lamp', name: '路灯', tier: 3 }]);
    return json(404, { error: 'not_found', message: url });
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

beforeEach(() => langStore.getState().setLang('zh'));
afterEach(() => vi.unstubAllGlobals());

describe('the printable 督办单', () => {
  it('holds the serial, level, unit, deadline, how late, the masked timeline and the signature block', async () => {
    stubServer([{ ticketId: 123, level: 'red', unit: '区水务局', deadline: Date.UTC(2023, 9, 17, 1, 30), overdueMinutes: 1530, serial: 'DB-2023-000123' }]);
    render(<SupervisePrint id={123} />);
    const sheet = await screen.findByTestId('supervise-print');
    expect(sheet.dataset.supervised).toBe('true');
    const text = sheet.textContent ?? '';
    expect(screen.getByTestId('print-serial').textContent).toBe('编号：DB-2023-000123');
    for (const words of ['督办单', '超期', '区水务局', '2023/10/17 09:30', '25 小时 30 分', '#123', '丁卯街道 丁卯社区 三网格', '已联系王**，电话139****5678']) {
      expect(text).toContain(words);
    }
    expect(screen.getAllByTestId('timeline-event')).toHaveLength(2);
    const sign = screen.getByTestId('print-sign').textContent ?? '';
    for (const words of ['承办单位签收', '督办人', '日期']) expect(sign).toContain(words);
    // What the resident wrote is not on the paper, masked or not.
    expect(text).not.toContain('路灯不亮');
    expect(screen.getByTestId('print-button')).toBeTruthy();
  });

  it('says so, and offers no printing, for a ticket that is not under supervision', async () => {
    stubServer([]);
    render(<SupervisePrint id={123} />);
    const sheet = await screen.findByTestId('supervise-print');
    expect(sheet.dataset.supervised).toBe('false');
    expect(sheet.textContent).toContain('此事项当前不在督办中');
    expect(screen.queryByTestId('print-button')).toBeNull();
  });
});
