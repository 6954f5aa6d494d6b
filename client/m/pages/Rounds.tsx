import { useCallback, useEffect, useState } from 'react';
import { TIME_ZONE } from '../../../shared/constants.js';
import { fetchHealth, fetchRounds, type RoundDay } from '../api.js';
import type { T } from '../i18n.js';
import { onSent, submit } from '../outbox.js';
import { ErrorBox, messageOf } from '../ui.js';
import { DEVICES, isValid, validateRounds, type Device, type FieldErrors, type RoundDraft } from '../validate.js';
import { PhotoInput } from './PhotoInput.js';

/** The date in Shanghai of an instant: the server's clock (the replay's, in the demo) decides which day "today" is. */
export function shanghaiDate(ms: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}

const fresh = (): (RoundDraft & { blobs: Blob[] })[] => DEVICES.map((device) => ({ device, result: null, note: '', photos: 0, blobs: [] }));

/** 民情记录本: a central household's rounds of the day as a checklist, and the last 30 days below it. */
export function Rounds({ t }: { t: T }) {
  const [date, setDate] = useState<string | null>(null);
  const [items, setItems] = useState(fresh);
  const [errors, setErrors] = useState<FieldErrors<Device>>({});
  const [history, setHistory] = useState<RoundDay[] | null>(null);
  const [historyFailed, setHistoryFailed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<null | 'sent' | 'queued'>(null);

  const load = useCallback(() => {
    fetchRounds(30).then((r) => { setHistory(r.days); setHistoryFailed(false); }, () => setHistoryFailed(true));
  }, []);
  useEffect(() => {
    fetchHealth().then((h) => setDate(shanghaiDate(h.clock)), () => setDate(shanghaiDate(Date.now())));
    load();
    return onSent((item) => item.kind === 'rounds' && load());
  }, [load]);

  const change = (device: Device, patch: Partial<RoundDraft & { blobs: Blob[] }>) =>
    setItems((all) => all.map((it) => (it.device === device ? { ...it, ...patch, photos: (patch.blobs ?? it.blobs).length } : it)));

  const send = async () => {
    const e = validateRounds(items);
    setErrors(e);
    if (!isValid(e) || !date) return;
    setBusy(true);
    setError(null);
    try {
      const body = {
        date,
        items: items.map((it) => ({ device: it.device, result: it.result, ...(it.result === 'fault' && it.note.trim() ? { note: it.note.trim() } : {}) })),
      };
      const photos = items.flatMap((it, i) => (it.result === 'fault' ? it.blobs.map((blob) => ({ slot: i, blob })) : []));
      const answer = await submit('rounds', body, photos, `${t('rounds')} ${date}`);
      setDone(answer === null ? 'queued' : 'sent');
      setItems(fresh());
      load();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  const today = history?.find((d) => d.date === date);
  return (
    <section className="page" data-testid="rounds-page">
      <h1>{t('rounds')}</h1>
      <h2>{t('today')} {date && <small>{t('dateOf', { date })}</small>}</h2>
      {done && <p className="done" data-testid="rounds-done" data-queued={done === 'queued'}>{done === 'queued' ? t('queued') : t('sent')}</p>}
      {today ? <p className="done" data-testid="rounds-today-done">{t('doneToday')}</p> : (
        <>
          <ol className="checklist">
            {items.map((it) => (
              <li key={it.device} className={`check-item${errors[it.device] ? ' field-bad' : ''}`} data-device={it.device}>
                <span className="check-name">{t(`device_${it.device}`)}</span>
                <div className="toggle">
                  <button type="button" className={`btn${it.result === 'ok' ? ' btn-ok' : ''}`} aria-pressed={it.result === 'ok'}
                    onClick={() => change(it.device, { result: 'ok' })} data-result="ok">{t('ok')}</button>
                  <button type="button" className={`btn${it.result === 'fault' ? ' btn-fault' : ''}`} aria-pressed={it.result === 'fault'}
                    onClick={() => change(it.device, { result: 'fault' })} data-result="fault">{t('fault')}</button>
                </div>
                {it.result === 'fault' && (
                  <div className="fault">
                    <textarea rows={2} maxLength={500} placeholder={t('faultNote')} value={it.note} aria-label={t('faultNote')}
                      onChange={(e) => change(it.device, { note: e.currentTarget.value })} data-testid={`note-${it.device}`} />
                    <PhotoInput photos={it.blobs} onPhotos={(blobs) => change(it.device, { blobs })} t={t} testId={`photo-${it.device}`} />
                  </div>
                )}
                {errors[it.device] && <span className="field-error" role="alert">{t(errors[it.device]!)}</span>}
              </li>
            ))}
          </ol>
          <ErrorBox message={error} />
          <button type="button" className="btn btn-wide btn-primary" disabled={busy || !date} onClick={() => void send()} data-testid="submit-rounds">
            {busy ? t('sending') : t('submit')}
          </button>
        </>
      )}
      <h2>{t('last30')}</h2>
      {history === null ? <p className="hint">{historyFailed ? t('loadFailed') : t('loading')}</p> : history.length === 0 ? <p className="hint">{t('noRounds')}</p> : (
        <ul className="history" data-testid="rounds-history">
          {history.map((d) => {
            const faults = d.items.filter((i) => i.result === 'fault');
            return (
              <li key={d.date} data-date={d.date}>
                <strong>{d.date}</strong> · {faults.length ? t('faults', { n: faults.length }) : t('ok')}
                {faults.map((f) => <div key={f.device} className="hint">{t(`device_${f.device as Device}`)}{f.note ? `：${f.note}` : ''}</div>)}
                {d.tickets.length > 0 && <div className="hint">{t('ticketsFiled', { ids: d.tickets.map((id) => `#${id}`).join(' ') })}</div>}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
