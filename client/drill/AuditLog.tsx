import { useEffect, useState } from 'react';
import type { AuditEntry } from '../../shared/schemas/auth.js';
import { fetchAudit } from '../api/admin.js';
import { useDrillMessages } from '../i18n/use-drill-messages.js';
import { formatDateTime } from './fmt.js';
import { DTable } from './DTable.js';
import { ErrorNotice } from './Notice.js';

const PAGE_SIZE = 50;

/** key: value pairs in the page's font (a monospace face has no Chinese glyphs). */
function detailText(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' · ');
}

/** The audit log, newest first, a page at a time (cursor). */
export function AuditLog() {
  const t = useDrillMessages();
  const a = t.adminPage;
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);

  const load = (from: string | null) => {
    setBusy(true);
    fetchAudit(from, PAGE_SIZE).then(
      (page) => {
        setEntries((e) => (from ? [...e, ...page.items] : page.items));
        setCursor(page.nextCursor);
        setDone(page.nextCursor === null);
        setError(null);
        setBusy(false);
      },
      (err: Error) => {
        setError(err);
        setBusy(false);
      },
    );
  };
  useEffect(() => load(null), []);

  return (
    <div className="daudit" data-testid="admin-audit">
      <button type="button" className="dbtn small ghost" onClick={() => load(null)} disabled={busy}>
        ↻ {t.refresh}
      </button>
      {error && <ErrorNotice error={error} onRetry={() => load(cursor)} />}
      <DTable heads={[a.at, a.actor, a.action, a.target, a.detail, a.ip]} compact>
        {entries.map((e) => (
          <tr key={e.id} data-testid="audit-row" data-action={e.action}>
            <td className="num">{formatDateTime(e.at, t.locale)}</td>
            <td>{e.actorName}</td>
            <td>{e.action}</td>
            <td>{e.target}</td>
            <td className="ddetail">{detailText(e.detail)}</td>
            <td>{e.ip}</td>
          </tr>
        ))}
      </DTable>
      {!done && (
        <button type="button" className="dbtn ghost wide" onClick={() => load(cursor)} disabled={busy}>
          {t.more}
        </button>
      )}
    </div>
  );
}
