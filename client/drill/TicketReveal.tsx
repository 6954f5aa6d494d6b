import { useState, type FormEvent } from 'react';
import type { RevealedTicket } from '../../shared/schemas/drill.js';
import { postReveal } from '../api/drill.js';
import { ErrorNotice } from './Notice.js';
import { useDrillMessages } from '../i18n/use-drill-messages.js';

/** Shortest and longest reason the server takes (POST /api/tickets/:id/reveal). */
const REASON_MIN_CHARS = 4;
const REASON_MAX_CHARS = 200;

interface TicketRevealProps {
  ticketId: number;
  /** The server's word (TicketPage.mayReveal): a supervisor in scope; a viewer never. */
  mayReveal: boolean;
  revealed: { reason: string } | null;
  onRevealed: (revealed: RevealedTicket, reason: string) => void;
  onHide: () => void;
}

/**
 * The line above a ticket's words: they are masked; a supervisor may ask for the original with a reason, and while it
 * shows, a note says the reveal was audited.
 */
export function TicketReveal({ ticketId, mayReveal, revealed, onRevealed, onHide }: TicketRevealProps) {
  const t = useDrillMessages().reveal;
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const why = reason.trim();
    setBusy(true);
    try {
      onRevealed(await postReveal(ticketId, why), why);
      setOpen(false);
      setReason('');
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setBusy(false);
    }
  };

  if (revealed) {
    return (
      <div className="dreveal dreveal-on" role="status" data-testid="reveal-audited">
        <span>{t.audited(revealed.reason)}</span>
        <button type="button" className="dbtn small ghost" onClick={onHide} data-testid="reveal-hide">
          {t.hide}
        </button>
      </div>
    );
  }
  return (
    <div className="dreveal" data-testid="reveal">
      <span className="dmuted">{t.masked}</span>
      {mayReveal && !open && (
        <button type="button" className="dbtn small" onClick={() => setOpen(true)} data-testid="reveal-open">
          {t.button}
        </button>
      )}
      {open && (
        <form className="daction-form" onSubmit={submit} data-testid="reveal-form">
          <label className="dfield">
            {t.reason}
            <textarea
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              minLength={REASON_MIN_CHARS}
              maxLength={REASON_MAX_CHARS}
              required
              rows={2}
              data-testid="reveal-reason"
            />
          </label>
          {error && <ErrorNotice error={error} />}
          <div className="daction-buttons">
            <button type="submit" className="dbtn primary" disabled={busy || reason.trim().length < REASON_MIN_CHARS} data-testid="reveal-submit">
              {t.submit}
            </button>
            <button type="button" className="dbtn ghost" onClick={() => setOpen(false)}>
              {t.cancel}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
