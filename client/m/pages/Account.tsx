import { useState } from 'react';
import { activate } from '../api.js';
import type { T } from '../i18n.js';
import { go } from '../nav.js';
import { login, renew } from '../session.js';
import { ErrorBox, Field, messageOf } from '../ui.js';
import { isValid, normaliseCode, validateActivation, type FieldErrors } from '../validate.js';

/**
 * An information officer or central household gets in with the code of their contact card (its QR code opens this
 * page with ?code=) and a password they choose; the server logs them in at once.
 */
export function Activate({ t }: { t: T }) {
  const [code, setCode] = useState(() => new URLSearchParams(location.search).get('code') ?? '');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FieldErrors<'code' | 'password' | 'confirm'>>({});
  const [error, setError] = useState<string | null>(null);
  const [username, setUsername] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async () => {
    const e = validateActivation(code, password, confirm);
    setErrors(e);
    if (!isValid(e)) return;
    setBusy(true);
    setError(null);
    try {
      const r = await activate(normaliseCode(code), password);
      await renew();
      setUsername(r.username);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  if (username) {
    return (
      <section className="page" data-testid="activated">
        <p className="done">{t('activated', { username })}</p>
        <button type="button" className="btn btn-wide btn-primary" onClick={() => go('/m/')}>{t('home')}</button>
      </section>
    );
  }
  return (
    <section className="page" data-testid="activate-page">
      <h1>{t('activate')}</h1>
      <p className="hint">{t('reporterHint')}</p>
      <Field label={t('code')} error={errors.code} t={t}>
        <input value={code} autoCapitalize="characters" autoComplete="off" onChange={(e) => setCode(e.currentTarget.value)} data-testid="code" />
      </Field>
      <Field label={t('newPassword')} error={errors.password} t={t}>
        <input type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} data-testid="password" />
      </Field>
      <Field label={t('confirm')} error={errors.confirm} t={t}>
        <input type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.currentTarget.value)} data-testid="confirm" />
      </Field>
      <ErrorBox message={error} />
      <button type="button" className="btn btn-wide btn-primary" disabled={busy} onClick={() => void send()} data-testid="submit-activate">
        {busy ? t('sending') : t('activate')}
      </button>
    </section>
  );
}

export function Login({ t }: { t: T }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      await login(username.trim(), password);
      go('/m/');
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="page" data-testid="login-page">
      <h1>{t('login')}</h1>
      <Field label={t('username')} t={t}>
        <input value={username} autoCapitalize="none" autoComplete="username" onChange={(e) => setUsername(e.currentTarget.value)} data-testid="username" />
      </Field>
      <Field label={t('password')} t={t}>
        <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} data-testid="login-password" />
      </Field>
      <ErrorBox message={error} />
      <button type="button" className="btn btn-wide btn-primary" disabled={busy || !username || !password} onClick={() => void send()} data-testid="submit-login">
        {busy ? t('sending') : t('login')}
      </button>
    </section>
  );
}
