import type { ReactNode } from 'react';
import { go } from './nav.js';
import type { MessageKey, T } from './i18n.js';

/** Small pieces every page uses: a link that stays in the app, a field with its error, an error box. */
export function Link({ to, children, className }: { to: string; children: ReactNode; className?: string }) {
  return (
    <a href={to} className={className} onClick={(e) => { e.preventDefault(); go(to); }}>
      {children}
    </a>
  );
}

export function Field({ label, error, t, children }: { label: string; error?: MessageKey; t: T; children: ReactNode }) {
  return (
    <label className={`field${error ? ' field-bad' : ''}`}>
      <span className="field-label">{label}</span>
      {children}
      {error && <span className="field-error" role="alert">{t(error)}</span>}
    </label>
  );
}

export function ErrorBox({ message }: { message: string | null }) {
  return message ? <p className="error" role="alert">{message}</p> : null;
}

export const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));
