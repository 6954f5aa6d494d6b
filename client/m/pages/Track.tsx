import { useCallback, useEffect, useState } from 'react';
import { fetchTrack, type Track as TrackAnswer } from '../api.js';
import type { Lang, T } from '../i18n.js';
import { ErrorBox, messageOf } from '../ui.js';
import { Rating } from './Rating.js';
import { Timeline } from './Timeline.js';

/** A resident follows their report by its receipt: the public status and steps, and a rating once it is closed. */
export function Track({ receipt, t, lang }: { receipt: string; t: T; lang: Lang }) {
  const [answer, setAnswer] = useState<TrackAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    fetchTrack(receipt).then(setAnswer, (err) => setError((err as { status?: number }).status === 404 ? 'notFound' : messageOf(err)));
  }, [receipt]);
  useEffect(load, [load]);
  return (
    <section className="page" data-testid="track-page">
      <h1>{t('trackTitle')}</h1>
      <p>{t('receipt')}: <strong>{receipt}</strong></p>
      <ErrorBox message={error === 'notFound' ? t('notFound') : error} />
      {answer && (
        <div className="ticket" data-status={answer.ticket.status}>
          <div className="ticket-head">
            <strong>#{answer.ticket.id}</strong>
            <span className={`status status-${answer.ticket.status}`} data-testid="track-status">{t(`status_${answer.ticket.status}`)}</span>
          </div>
          <Timeline steps={answer.timeline} lang={lang} t={t} />
          {answer.canRate && <Rating ticketId={answer.ticket.id} receipt={receipt} t={t} onRated={load} />}
        </div>
      )}
    </section>
  );
}
