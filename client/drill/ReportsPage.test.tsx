import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReportsPage } from './ReportsPage.js';
import { sessionStore } from './session-store.js';

const TOWN_ME = { user: { id: 2, username: 'dingmao', role: 'town' as const, townCode: '321171001', townName: '丁卯街道' }, csrfToken: 'c', expiresAt: 9e12 };
const CLOCK = Date.parse('2023-06-15T10:00:00+08:00');

const KEPT = {
  items: [{ scope: '321171001', scopeName: '丁卯街道', month: '2023-05', format: 'pdf', bytes: 20480, createdAt: '2023-06-01T06:00:03.000Z', url: '/api/reports/files/321171001/2023-05.pdf' }],
};

/** A stand-in server: /api/health gives the clock, /api/reports/files the kept files; a file answers when the test says so. */
function serve(file: Promise<Response>, kept: unknown = KEPT) {
  const calls: string[] = [];
  vi.stubGlobal('fetch', (url: string) => {
    calls.push(url);
    if (url.startsWith('/api/health')) return Promise.resolve(new Response(JSON.stringify({ clock: CLOCK }), { status: 200 }));
    if (url.startsWith('/api/reports/files')) return Promise.resolve(new Response(JSON.stringify(kept), { status: 200 }));
    return file;
  });
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStore.setState({ me: undefined });
});

describe('ReportsPage', () => {
  it('starts on the caller\'s town and the clock\'s month, linking the ticket list for that period and listing the kept files', async () => {
    const calls = serve(new Promise(() => undefined));
    sessionStore.setState({ me: TOWN_ME });
    render(<ReportsPage />);
    await waitFor(() => expect((screen.getByTestId('reports-month') as HTMLInputElement).value).toBe('2023-06'));
    expect(screen.getByTestId('reports-csv').getAttribute('href')).toContain('from=2023-06-01T00%3A00%3A00%2B08%3A00');
    expect(calls).toContain('/api/reports/files?scope=321171001');
    await waitFor(() => expect(screen.getByTestId('reports-kept').textContent).toContain('丁卯街道'));
    const row = screen.getByTestId('reports-kept').querySelector('tbody tr')!;
    expect(row.textContent).toContain('2023-05');
    expect(row.textContent).toContain('20.0 KiB');
    expect(row.textContent).toContain('2023-06-01 14:00'); // made at 06:00 UTC, shown in Shanghai time
    expect(row.querySelector('a')!.getAttribute('href')).toBe('/api/reports/files/321171001/2023-05.pdf');
  });

  it('says so when nothing is kept yet', async () => {
    serve(new Promise(() => undefined), { items: [] });
    sessionStore.setState({ me: TOWN_ME });
    render(<ReportsPage />);
    await waitFor(() => expect(screen.getByTestId('reports-kept-none')).toBeTruthy());
  });

  it('shows that the workbook is being made while its request runs, and both buttons wait for it', async () => {
    let answer!: (r: Response) => void;
    const calls = serve(new Promise((resolve) => (answer = resolve)));
    sessionStore.setState({ me: TOWN_ME });
    render(<ReportsPage />);
    await waitFor(() => expect((screen.getByTestId('reports-month') as HTMLInputElement).value).toBe('2023-06'));
    fireEvent.click(screen.getByTestId('reports-xlsx'));
    expect(calls.at(-1)).toBe('/api/reports/kpi.xlsx?scope=321171001&from=2023-06-01&to=2023-07-01');
    expect(screen.getByTestId('reports-busy').textContent).toContain('正在生成');
    expect((screen.getByTestId('reports-pdf') as HTMLButtonElement).disabled).toBe(true);
    vi.stubGlobal('URL', class extends URL {
      static override createObjectURL = () => 'blob:x';
      static override revokeObjectURL = () => undefined;
    });
    await act(async () => answer(new Response('PK', { status: 200, headers: { 'content-disposition': 'attachment; filename="moshao-report.xlsx"' } })));
    await waitFor(() => expect(screen.queryByTestId('reports-busy')).toBeNull());
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows that the PDF is being made, then the refusal\'s message', async () => {
    let answer!: (r: Response) => void;
    const calls = serve(new Promise((resolve) => (answer = resolve)));
    sessionStore.setState({ me: TOWN_ME });
    render(<ReportsPage />);
    await waitFor(() => expect((screen.getByTestId('reports-month') as HTMLInputElement).value).toBe('2023-06'));
    fireEvent.click(screen.getByTestId('reports-pdf'));
    expect(screen.getByTestId('reports-busy')).toBeTruthy();
    expect((screen.getByTestId('reports-pdf') as HTMLButtonElement).disabled).toBe(true);
    expect(calls.at(-1)).toBe('/api/reports/monthly.pdf?scope=321171001&month=2023-06');
    await act(async () => answer(new Response(JSON.stringify({ error: 'pdf_unavailable', message: 'No Chromium: apt-get install -y chromium' }), { status: 503 })));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('apt-get install -y chromium'));
    expect(screen.queryByTestId('reports-busy')).toBeNull();
  });
});
