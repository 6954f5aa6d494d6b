import { useEffect, useState } from 'react';
import { DISTRICT_CODE, SHANGHAI_OFFSET_MS } from '../../shared/constants.js';
import { monthBounds, monthOf } from '../../shared/report-month.js';
import { REPORT_GROUPINGS, type ReportBy } from '../../shared/schemas/report.js';
import { query, type FileAnswer } from '../api/http.js';
import { fetchHealth } from '../api/health.js';
import { fetchKpiXlsx, fetchMonthlyPdf, fetchReportFiles } from '../api/reports.js';
import type { ReportFile } from '../../shared/schemas/report-files.js';
import { useDrillMessages } from '../i18n/use-drill-messages.js';
import { useSession } from './session-store.js';

/** A date as the ticket list's filters take it: local midnight in Asia/Shanghai, with its zone. */
const localMidnight = (day: string): string | null => (day ? `${day}T00:00:00+08:00` : null);

/** The file an answer names (its ASCII fallback), or a plain default. */
const fileNameOf = (disposition: string | null, fallback: string): string => /filename="([^"]+)"/.exec(disposition ?? '')?.[1] ?? fallback;

/** Hands a fetched file to the browser as a download. */
function save(file: FileAnswer, fallback: string): void {
  const url = URL.createObjectURL(file.blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileNameOf(file.disposition, fallback);
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

const sizeOf = (bytes: number): string => (bytes < 1024 ? `${bytes} B` : bytes < 2 ** 20 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`);
const localTime = (iso: string): string => new Date(Date.parse(iso) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');

/**
 * Reports on demand: a scope and a period give the workbook and a link to the ticket list; a month gives the PDF. The
 * workbook and the PDF are fetched here so the page can show that they are being made (a district's year or a print
 * takes seconds) and say why when one is refused. Below, the monthly run's kept files of the scope, to download.
 */
export function ReportsPage() {
  const t = useDrillMessages().reportsPage;
  const townCode = useSession((s) => s.me?.user.townCode ?? null);
  const [scope, setScope] = useState(townCode ?? DISTRICT_CODE);
  const [month, setMonth] = useState('');
  const [range, setRange] = useState({ from: '', to: '' });
  const [by, setBy] = useState<ReportBy>('village');
  // What is being made on demand (the workbook of a long period and the PDF both take seconds), and the last refusal.
  const [making, setMaking] = useState<{ busy: 'xlsx' | 'pdf' | null; error: string | null }>({ busy: null, error: null });
  const [kept, setKept] = useState<{ items: ReportFile[]; error: string | null }>({ items: [], error: null });

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

  // The monthly run's files of the scope asked for (and the towns inside it), again whenever the scope changes.
  useEffect(() => {
    const controller = new AbortController();
    fetchReportFiles(scope, controller.signal).then(
      (r) => setKept({ items: r.items, error: null }),
      (err: unknown) => { if (!controller.signal.aborted) setKept({ items: [], error: err instanceof Error ? err.message : String(err) }); },
    );
    return () => controller.abort();
  }, [scope]);

  const period = { scope, from: range.from, to: range.to };
  const make = async (format: 'xlsx' | 'pdf') => {
    setMaking({ busy: format, error: null });
    try {
      if (format === 'pdf') save(await fetchMonthlyPdf({ scope, month }), 'moshao-monthly.pdf');
      else save(await fetchKpiXlsx(period), 'moshao-report.xlsx');
      setMaking({ busy: null, error: null });
    } catch (err) {
      setMaking({ busy: null, error: err instanceof Error ? err.message : String(err) });
    }
  };

  const busy = making.busy !== null;
  const progress = (
    <span role="status" data-testid="reports-busy">
      <progress /> {t.generating}
    </span>
  );
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
        <button type="button" onClick={() => void make('xlsx')} disabled={busy || !range.from || !range.to} data-testid="reports-xlsx">
          {t.xlsx}
        </button>{' '}
        <a href={`/api/tickets.csv${query({ scope, from: localMidnight(range.from), to: localMidnight(range.to) })}`} data-testid="reports-csv">{t.csv}</a>{' '}
        <a href={`/api/reports/kpi${query({ ...period, by })}`} target="_blank" rel="noreferrer">JSON</a>
      </fieldset>
      <fieldset>
        <label>
          {t.month} <input type="month" value={month} onChange={(e) => setMonth(e.target.value)} data-testid="reports-month" />
        </label>
        <button type="button" onClick={() => void make('pdf')} disabled={busy || monthBounds(month) === null} data-testid="reports-pdf">
          {t.pdf}
        </button>
      </fieldset>
      {busy && progress}
      {making.error && <div className="dnotice" role="alert">{making.error}</div>}
      <h3>{t.kept}</h3>
      <p className="dmuted">{t.keptNote}</p>
      {kept.error && <div className="dnotice" role="alert">{kept.error}</div>}
      {kept.items.length === 0 && !kept.error ? (
        <p className="dempty" data-testid="reports-kept-none">{t.keptNone}</p>
      ) : (
        <table className="dtable" data-testid="reports-kept">
          <thead>
            <tr>
              <th>{t.keptColumns.month}</th><th>{t.keptColumns.scope}</th><th>{t.keptColumns.format}</th>
              <th>{t.keptColumns.size}</th><th>{t.keptColumns.createdAt}</th><th />
            </tr>
          </thead>
          <tbody>
            {kept.items.map((f) => (
              <tr key={f.url}>
                <td>{f.month}</td><td>{f.scopeName}</td><td>{f.format.toUpperCase()}</td><td>{sizeOf(f.bytes)}</td><td>{localTime(f.createdAt)}</td>
                <td><a href={f.url} download>{t.download}</a></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
