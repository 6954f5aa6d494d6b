import type { T } from './i18n.js';
import { discard, flush, useOutbox } from './outbox.js';

/** The badge: how many reports wait on this phone. */
export function OutboxBadge({ t }: { t: T }) {
  const { items } = useOutbox();
  const waiting = items.filter((i) => i.refused === null).length;
  return waiting ? <span className="badge" data-testid="outbox-badge" data-count={waiting} title={t('waiting')}>{waiting}</span> : null;
}

/** What waits, and what the server refused (kept until discarded). */
export function OutboxList({ t }: { t: T }) {
  const { items, sending } = useOutbox();
  if (!items.length) return null;
  return (
    <section className="outbox" data-testid="outbox">
      <h2>{t('waiting')}</h2>
      <p className="hint">{t('waitingNote')}</p>
      <ul>
        {items.map((i) => (
          <li key={i.key} data-key={i.key}>
            <span>{i.label}{i.photos.length ? ` · ${t('photoCount', { n: i.photos.length })}` : ''}</span>
            {i.refused && <span className="warn"> {t('refused')}: {i.refused}</span>}
            {i.refused && <button type="button" className="btn btn-small" onClick={() => void discard(i.key)}>{t('discard')}</button>}
          </li>
        ))}
      </ul>
      <button type="button" className="btn btn-wide" disabled={sending} onClick={() => void flush()}>{sending ? t('sending') : t('sendNow')}</button>
    </section>
  );
}
