import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReportsPage } from './ReportsPage.js';
import { sessionStore } from './session-store.js';

const TOWN_ME = { user: { id: 2, username: 'dingmao', role: 'town' as const, townCode: '321171001', townName: '丁卯街道' }, csrfToken: 'c', expiresAt: 9e12 };
const CLOCK = Date.parse('2023-06-15T10:00:00+08:00');

/** A stand-in server: /api/health gives the clock; the PDF answers when the test says so. */
function serve(pdf: Promise<Response>) {
  const calls: string[] = [];
  vi.stubGlobal('fetch', (url: string) => {
    calls.push(url);
    if (url.startsWith('/api/health')) return Promise.resolve(new Response(JSON.stringify({ clock: CLOCK }), { status: 200 }));
    return pdf;
  });
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStore.setState({ me: undefined });
});

describe('ReportsPage', () => {
  it('starts on the caller\'s town and the clock\'s month, linking the workbook and the ticket list for that period', async () => {
    serve(new Promise(() => undefined));
    sessionStore.setState({ me: TOWN_ME });
    render(<ReportsPage />);
    await waitFor(() => expect((screen.getByTestId('reports-month') as HTMLInputElement).value).toBe('2023-06'));
    expect(screen.getByTestId('reports-xlsx').getAttribute('href')).toBe('/api/reports/kpi.xlsx?scope=321171001&from=2023-06-01&to=2023-07-01');
    expect(screen.getByTestId('reports-csv').getAttribute('href')).toContain('from=2023-06-01T00%3A00%3A00%2B08%3A00');
  });

  it('shows that the PDF is being made, then the refusal\'s message', async () => {
    let answer!: (r: Response) => void;
    const calls = serve(new Promise((resolve) => (answer = resolve)));
    sessionStore.setState({ me: TOWN_ME });
    render(<ReportsPage />);
    await waitFor(() => expect((screen.getByTestId('reports-month') as HTMLInputElement).value).toBe('2023-06'));
    fireEvent.click(screen.getByTestId('reports-pdf'));
    expect(screen.getByTestId('reports-pdf-busy')).toBeTruthy();
    expect((screen.getByTestId('reports-pdf') as HTMLButtonElement).disabled).toBe(true);
    expect(calls.at(-1)).toBe('/api/reports/monthly.pdf?scope=321171001&month=2023-06');
    await act(async () => answer(new Response(JSON.stringify({ error: 'pdf_unavailable', message: 'No Chromium: apt-get install -y chromium' }), { status: 503 })));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('apt-get install -y chromium'));
    expect(screen.queryByTestId('reports-pdf-busy')).toBeNull();
  });
});
