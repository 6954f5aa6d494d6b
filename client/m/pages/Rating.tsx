import { useState } from 'react';
import { rate } from '../api.js';
import type { T } from '../i18n.js';
import { ErrorBox, messageOf } from '../ui.js';
import { isValid, validateRating, type FieldErrors } from '../validate.js';

/** 1-5 stars and a comment, for a closed ticket: by its reporter, or by whoever holds its receipt. */
export function Rating({ ticketId, receipt, t, onRated }: { ticketId: number; receipt?: string; t: T; onRated: (n: number) => void }) {
  const [stars, setStars] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<FieldErrors<'rating' | 'comment'>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async () => {
    const e = validateRating(stars, comment);
    setErrors(e);
    if (!isValid(e)) return;
    setBusy(true);
    setError(null);
    try {
      const r = await rate(ticketId, stars!, comment, receipt);
      onRated(r.rating);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="rating" data-testid="rating-form">
      <p className="field-label">{t('rateIt')}</p>
      <div className="stars" role="radiogroup">
        {[1, 2, 3, 4, 5].map((n) => (
          <button key={n} type="button" role="radio" aria-checked={stars === n} aria-label={`${n}`} data-stars={n}
            className={`star${stars !== null && n <= stars ? ' star-on' : ''}`} onClick={() => setStars(n)}>★</button>
        ))}
      </div>
      {errors.rating && <span className="field-error" role="alert">{t(errors.rating)}</span>}
      <textarea rows={2} maxLength={500} placeholder={t('comment')} aria-label={t('comment')} value={comment}
        onChange={(e) => setComment(e.currentTarget.value)} data-testid="rating-comment" />
      <ErrorBox message={error} />
      <button type="button" className="btn btn-wide btn-primary" disabled={busy} onClick={() => void send()} data-testid="submit-rating">
        {busy ? t('sending') : t('submit')}
      </button>
    </div>
  );
}
