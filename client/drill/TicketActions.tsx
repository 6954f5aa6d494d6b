import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { TicketAction } from '../../shared/constants.js';
import type { Ticket, TransitionBody } from '../../shared/schemas/ticket.js';
import { Options } from './Options.js';
import { actionNeeds } from './actions.js';
import { MAX_PHOTOS } from '../../shared/schemas/media.js';
import { postTransition, uploadPhoto } from '../api/drill.js';
import { useDrillMessages } from '../i18n/use-drill-messages.js';
import { ErrorNotice } from './Notice.js';

interface TicketActionsProps {
  ticket: Ticket;
  actions: readonly TicketAction[];
  duplicates: readonly Ticket[];
  onDone: () => void;
}

/** One button per allowed action; each opens a small form with a note (and a rating or the ticket to merge into). */
export function TicketActions({ ticket, actions, duplicates, onDone }: TicketActionsProps) {
  const t = useDrillMessages();
  const [open, setOpen] = useState<TicketAction | null>(null);
  const [note, setNote] = useState('');
  const [rating, setRating] = useState(5);
  const [duplicateOf, setDuplicateOf] = useState('');
  const [photos, setPhotos] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const form = useRef<HTMLFormElement>(null);

  // On a phone the form opens below the fold: bring its note and confirm button into view.
  useEffect(() => {
    if (open) form.current?.scrollIntoView?.({ block: 'nearest' });
  }, [open]);

  const choose = (action: TicketAction) => {
    setOpen(action === open ? null : action);
    setNote('');
    setPhotos([]);
    setError(null);
    setDuplicateOf(duplicates[0] ? String(duplicates[0].id) : '');
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!open) return;
    const body: TransitionBody = { action: open };
    if (note.trim()) body.note = note.trim();
    if (actionNeeds(open) === 'rating') body.rating = rating;
    if (actionNeeds(open) === 'duplicate') body.duplicateOf = Number(duplicateOf);
    setBusy(true);
    try {
      // 处置后 photos go up first, one by one; the handle then names them (an upload nobody attaches is deleted in a day).
      if (open === 'handle' && photos.length > 0) {
        body.photos = [];
        for (const p of photos) body.photos.push((await uploadPhoto(p, p.name)).id);
      }
      await postTransition(ticket.id, body);
      setOpen(null);
      setNote('');
      setPhotos([]);
      onDone();
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setBusy(false);
    }
  };

  if (actions.length === 0) return <p className="dmuted" data-testid="no-actions">{t.actionForm.none}</p>;
  const needs = open ? actionNeeds(open) : null;
  return (
    <div className="dactions" data-testid="ticket-actions">
      <div className="dactions-buttons">
        {actions.map((a) => (
          <button key={a} type="button" className={a === open ? 'dbtn on' : 'dbtn'} onClick={() => choose(a)} data-testid={`action-${a}`} aria-expanded={a === open}>
            {t.actions[a]}
          </button>
        ))}
      </div>
      {open && (
        <form className="daction-form" onSubmit={submit} ref={form} data-testid="action-form" data-action={open}>
          <label className="dfield">
            {t.actionForm.note}
            <textarea value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} rows={3} data-testid="action-note" />
          </label>
          {open === 'handle' && (
            <label className="dfield">
              {t.actionForm.afterPhotos}
              <input
                type="file" accept="image/jpeg,image/png,image/webp,image/heic" multiple data-testid="action-photos"
                onChange={(e) => setPhotos([...(e.target.files ?? [])].slice(0, MAX_PHOTOS))}
              />
            </label>
          )}
          {needs === 'rating' && (
            <label className="dfield-inline">
              {t.actionForm.rating}
              <select value={rating} onChange={(e) => setRating(Number(e.target.value))} data-testid="action-rating">
                <Options values={[5, 4, 3, 2, 1]} label={(n) => `${'★'.repeat(n)} ${n}`} />
              </select>
            </label>
          )}
          {needs === 'duplicate' && (
            <label className="dfield-inline">
              {t.actionForm.duplicateOf}
              {duplicates.length > 0 ? (
                <select value={duplicateOf} onChange={(e) => setDuplicateOf(e.target.value)} data-testid="action-duplicate">
                  {duplicates.map((d) => (
                    <option key={d.id} value={d.id}>
                      #{d.id} {d.title}
                    </option>
                  ))}
                </select>
              ) : (
                <input type="number" min={1} value={duplicateOf} onChange={(e) => setDuplicateOf(e.target.value)} required data-testid="action-duplicate" />
              )}
            </label>
          )}
          {error && <ErrorNotice error={error} />}
          <div className="daction-buttons">
            <button type="submit" className="dbtn primary" disabled={busy} data-testid="action-submit">
              {t.actions[open]} · {t.actionForm.submit}
            </button>
            <button type="button" className="dbtn ghost" onClick={() => setOpen(null)}>
              {t.actionForm.cancel}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
