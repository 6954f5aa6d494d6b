import { useEffect, useState } from 'react';
import { DISTRICT_CODE } from '../../shared/constants.js';
import { monthBounds, monthOf } from '../../shared/report-month.js';
import { REPORT_GROUPINGS, type ReportBy } from '../../shared/schemas/report.js';
import { query } from '../api/http.js';
import { fetchHealth } from '../api/health.js';
import { fetchMonthlyPdf } from '../api/reports.js';
import { useDrillMessages } from '../i18n/use-drill-messages.js';
import { useSession } from './session-store.js';

/** A date as the ticket list's filters take it: local midnight in Asia/Shanghai, with its zone. */
const localMidnight = (day: string): string | null => (day ? `${day}T00:00:00+08:00` : null);

/** The file a PDF answer names (its ASCII fallback), or a plain default. */
const fileNameOf = (disposition: string | null): string => /filename="([^"]+)"/.exec(disposition ?? '')?.[1] ?? 'moshao-monthly.pdf';

/**
 * Reports on demand: a scope and a period give links to the workbook and the ticket list; a month gives the PDF,
 * fetched here so the page can show that it is being made (printing takes seconds) and say why when it is refused.
 */
export function ReportsPage() {
  const t = useDrillMessages().reportsPage;
  const townCode = useSession((s) => s.me?.user.townCode ?? null);
  const [scope, setScope] = useState(townCode ?? DISTRICT_CODE);
  const [month, setMonth] = useState('');
  const [range, setRange] = useState({ from: '', to: '' });
  const [by, setBy] = useState<ReportBy>('village');
  const [pdf, setPdf] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });

  // The month the clock is in (the replay's, in the demo) is the default: it has happened up to now.
  useEffect(() => {
    const controller = new AbortController();
    fetchHealth(controller.signal).then((h) => {
      const m = monthOf(h.clock);
      setMonth((cur) => cur || m);
      setRange((cur) => (cur.from ? cur : monthBounds(m)!));
    }, () => undefined);
    return () => controller.abort();
  }, []);

  const makePdf = async () => {
    setPdf({ busy: true, error: null });
    try {
      const file = await fetchMonthlyPdf({ scope, month });
      const url = URL.createObjectURL(file.blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = fileNameOf(file.disposition);
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setPdf({ busy: false, error: null });
    } catch (err) {
      setPdf({ busy: false, error: err instanceof Error ? err.message : String(err) });
    }
  };

  const period = { scope, from: range.from, to: range.to };
  return (
    <div className="dpage dpage-reports" data-testid="reports-page">
      <h2>{t.title}</h2>
      <label>
        {t.scope} <input value={scope} onChange={(e) => setScope(e.target.value.trim())} data-testid="reports-scope" />
      </label>
      <fieldset>
        <label>
          {t.from} <input type="date" value={range.from} onChange={(e) => setRange({ ...range, from: e.target.value })} />
        </label>
        <label>
          {t.to} <input type="date" value={range.to} onChange={(e) => setRange({ ...range, to: e.target.value })} />
        </label>
        <label>
          {t.by}{' '}
          <select value={by} onChange={(e) => setBy(e.target.value as ReportBy)}>
            {REPORT_GROUPINGS.map((g) => (
              <option key={g} value={g}>{t.byNames[g]}</option>
            ))}
          </select>
        </label>
        <a href={`/api/reports/kpi.xlsx${query(period)}`} data-testid="reports-xlsx">{t.xlsx}</a>{' '}
        <a href={`/api/tickets.csv${query({ scope, from: localMidnight(range.from), to: localMidnight(range.to) })}`} data-testid="reports-csv">{t.csv}</a>{' '}
        <a href={`/api/reports/kpi${query({ ...period, by })}`} target="_blank" rel="noreferrer">JSON</a>
      </fieldset>
      <fieldset>
        <label>
          {t.month} <input type="month" value={month} onChange={(e) => setMonth(e.target.value)} data-testid="reports-month" />
        </label>
        <button type="button" onClick={() => void makePdf()} disabled={pdf.busy || monthBounds(month) === null} data-testid="reports-pdf">
          {t.pdf}
        </button>
        {pdf.busy && (
          <span role="status" data-testid="reports-pdf-busy">
            <progress /> {t.generating}
          </span>
        )}
        {pdf.error && <div className="dnotice" role="alert">{pdf.error}</div>}
      </fieldset>
    </div>
  );
}
