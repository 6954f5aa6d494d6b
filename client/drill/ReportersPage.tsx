import { useEffect, useMemo, useState } from 'react';
import type { Roster as RosterData, RosterItem } from '../../shared/schemas/reporters.js';
import { parentOf, scopeLevelOf, townOf } from '../../shared/scope.js';
import { fetchHealth } from '../api/health.js';
import { createInvitation, fetchRoster, fetchRoundsOf } from '../api/reporters.js';
import { useDrillMessages } from '../i18n/use-drill-messages.js';
import { DrillPanel } from './DrillPanel.js';
import { DTable } from './DTable.js';
import { formatDateTime } from './fmt.js';
import { useGeo, useScopeNames } from './geo-cache.js';
import { ErrorNotice, Loading } from './Notice.js';
import { InvitationCard, type MadeInvitation } from './InvitationCard.js';
import { navigate, reportersPath } from './router.js';
import { useSession } from './session-store.js';
import { shanghaiDay } from './reporters-format.js';
import { useApi, type ApiState } from './use-api.js';

/**
 * The supervisors' side of the phone app: a town's or village's 信息员 and 中心户, whether each has an account, an
 * invitation to make (its code shown once, with a printable contact card), and who did the day's rounds.
 */
export function ReportersPage({ scope: asked }: { scope: string | null }) {
  const t = useDrillMessages();
  const p = t.reportersPage;
  const me = useSession((s) => s.me);
  const ownTown = me?.user.townCode ?? null;
  // A town supervisor starts on their town; district and admin accounts choose one (the district is no one list).
  const scope = asked ?? ownTown;
  const names = useScopeNames();
  const title = scope ? `${p.title} · ${names.get(scope) ?? scope}` : p.title;
  return (
    <div className="dpage dpage-reporters" data-testid="reporters-page" data-scope={scope ?? ''}>
      <div className="dpage-head">
        <h1 className="dpage-title">{title}</h1>
      </div>
      <ScopeChooser scope={scope} fixedTown={ownTown} />
      {scope ? <ScopeLists key={scope} scope={scope} /> : <p className="dempty">{p.pickTown}</p>}
    </div>
  );
}

/** The roster and the rounds of one scope: the rounds take their names and cells from the roster (one fetch). */
function ScopeLists({ scope }: { scope: string }) {
  const roster = useApi((signal) => fetchRoster(scope, signal), [scope]);
  return (
    <>
      {/* The rounds first: a handful of households with accounts, above a roster that may run to hundreds of rows. */}
      <Rounds scope={scope} roster={roster.data} />
      <Roster roster={roster} />
    </>
  );
}

/** A street (fixed for a town supervisor) and, within it, the whole street or one village. */
function ScopeChooser({ scope, fixedTown }: { scope: string | null; fixedTown: string | null }) {
  const p = useDrillMessages().reportersPage;
  const towns = useGeo('town');
  const villages = useGeo('village');
  const town = scope ? townOf(scope) : null;
  const ofTown = useMemo(
    () => (villages?.features ?? []).filter((f) => town !== null && parentOf(f.id) === town),
    [villages, town],
  );
  return (
    <div className="dform-row" data-testid="reporters-scope">
      <label className="dfield-inline">
        {p.town}
        <select
          value={town ?? ''}
          disabled={fixedTown !== null}
          onChange={(e) => navigate(reportersPath(e.target.value || null))}
          data-testid="reporters-town"
        >
          {town === null && <option value="">{p.pickTown}</option>}
          {(towns?.features ?? []).map((f) => (
            <option key={f.id} value={f.id}>{f.properties.name}</option>
          ))}
          {town !== null && !towns && <option value={town}>{town}</option>}
        </select>
      </label>
      {town && (
        <label className="dfield-inline">
          {p.village}
          <select
            value={scope && scopeLevelOf(scope) === 'village' ? scope : ''}
            onChange={(e) => navigate(reportersPath(e.target.value || town))}
            data-testid="reporters-village"
          >
            <option value="">{p.wholeTown}</option>
            {ofTown.map((f) => (
              <option key={f.id} value={f.id}>{f.properties.name}</option>
            ))}
            {scope && scopeLevelOf(scope) === 'village' && !villages && <option value={scope}>{scope}</option>}
          </select>
        </label>
      )}
    </div>
  );
}

function Roster({ roster }: { roster: ApiState<RosterData> }) {
  const t = useDrillMessages();
  const p = t.reportersPage;
  const [made, setMade] = useState<MadeInvitation | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);

  const invite = async (row: RosterItem) => {
    setBusy(row.staffId);
    setError(null);
    try {
      const inv = await createInvitation(row.staffId);
      setMade({ ...inv, gridName: row.gridName });
      roster.reload();
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      {made && <InvitationCard invitation={made} onClose={() => setMade(null)} />}
      <DrillPanel title={p.title} testId="reporters-list">
        {error && <ErrorNotice error={error} />}
        {roster.error && <ErrorNotice error={roster.error} onRetry={roster.reload} />}
        {!roster.data && !roster.error && <Loading />}
        {roster.data?.truncated && <p className="dnotice">{p.truncated}</p>}
        {roster.data && roster.data.items.length === 0 && <p className="dempty">{p.none}</p>}
        {roster.data && roster.data.items.length > 0 && (
          <DTable heads={[p.cell, p.role, p.name, p.account, null]} compact>
            {roster.data.items.map((r) => (
              <tr key={r.staffId} data-testid="reporter-row" data-staff={r.staffId} data-account={r.account}>
                <td>{r.gridName}</td>
                <td>{p.roles[r.role]}</td>
                <td>{r.name}</td>
                <td data-label={p.account}>
                  <span className={`dstate dstate-${r.account}`}>{p.states[r.account]}</span>
                  {r.invitedUntil !== undefined && <small className="dmuted"> {p.invitedUntil(formatDateTime(r.invitedUntil, t.locale))}</small>}
                </td>
                <td>
                  {(r.account === 'none' || r.account === 'invited') && (
                    <button type="button" className="dbtn small" disabled={busy !== null} onClick={() => void invite(r)} data-testid="invite">
                      {busy === r.staffId ? p.inviting : r.account === 'invited' ? p.reinvite : p.invite}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </DTable>
        )}
      </DrillPanel>
    </>
  );
}

/** The day's 民情记录本: which central households with accounts did their rounds, and how many faults they found. */
function Rounds({ scope, roster }: { scope: string; roster: RosterData | null }) {
  const t = useDrillMessages();
  const p = t.reportersPage;
  const [date, setDate] = useState<string | null>(null);
  // "Today" is the server's day (the replay's clock in the demo), as the phone app's 民情记录本 has it.
  useEffect(() => {
    const controller = new AbortController();
    fetchHealth(controller.signal).then((h) => setDate(shanghaiDay(h.clock)), () => !controller.signal.aborted && setDate(shanghaiDay(Date.now())));
    return () => controller.abort();
  }, []);
  const rounds = useApi((signal) => (date ? fetchRoundsOf(scope, date, signal) : new Promise<never>(() => undefined)), [scope, date]);
  const nameOf = useMemo(() => new Map((roster?.items ?? []).map((r) => [r.staffId, r])), [roster]);
  const done = rounds.data?.items.filter((i) => i.done).length ?? 0;
  const tools = (
    <label className="dfield-inline">
      {p.date}
      <input type="date" value={date ?? ''} onChange={(e) => e.target.value && setDate(e.target.value)} data-testid="rounds-date" />
    </label>
  );
  return (
    <DrillPanel title={p.rounds} testId="rounds-panel" tools={tools}>
      {rounds.error && <ErrorNotice error={rounds.error} onRetry={rounds.reload} />}
      {!rounds.data && !rounds.error && <Loading />}
      {rounds.data && rounds.data.items.length === 0 && <p className="dempty">{p.roundsNone}</p>}
      {rounds.data && rounds.data.items.length > 0 && (
        <>
          <p data-testid="rounds-summary">{p.roundsDone(done, rounds.data.items.length)}</p>
          <DTable heads={[p.cell, p.name, p.done, p.faults]} compact>
            {rounds.data.items.map((r) => (
              <tr key={r.staffId} data-testid="round-row" data-staff={r.staffId} data-done={r.done}>
                <td>{nameOf.get(r.staffId)?.gridName ?? r.gridId}</td>
                <td>{nameOf.get(r.staffId)?.name ?? r.staffId}</td>
                <td>
                  <span className={r.done ? 'dstate dstate-active' : 'dstate dstate-none'}>{r.done ? p.done : p.notDone}</span>
                </td>
                <td className="num" data-label={p.faults}>{r.done ? r.faults : '—'}</td>
              </tr>
            ))}
          </DTable>
        </>
      )}
    </DrillPanel>
  );
}
