import { useState, type FormEvent } from 'react';
import { HttpError } from '../api/http.js';
import { langStore } from '../i18n/lang-store.js';
import { useDrillMessages } from '../i18n/use-drill-messages.js';
import { navigate } from './router.js';
import { sessionStore } from './session-store.js';

/** Username and password; on success back to the page that sent us here (replacing the login in the history). */
export function LoginPage({ next }: { next: string }) {
  const t = useDrillMessages();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await sessionStore.getState().login({ username: username.trim(), password });
      navigate(next, { replace: true });
    } catch (err) {
      if (err instanceof HttpError && err.status === 429) setError(t.loginPage.tooMany);
      else if (err instanceof HttpError && (err.status === 401 || err.status === 400)) setError(t.loginPage.wrong);
      else setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  return (
    <div className="dlogin" data-testid="login-page">
      <form className="dlogin-box" onSubmit={submit}>
        <div className="dlogin-head">
          <h1>{t.loginPage.title}</h1>
          <button type="button" className="dbtn ghost small" onClick={() => langStore.getState().toggleLang()} data-testid="lang-toggle">
            {t.language}
          </button>
        </div>
        <label className="dfield">
          {t.loginPage.username}
          <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required autoFocus />
        </label>
        <label className="dfield">
          {t.loginPage.password}
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {error && (
          <p className="dnotice-inline" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        <button type="submit" className="dbtn primary wide" disabled={busy} data-testid="login-submit">
          {busy ? t.loginPage.busy : t.loginPage.submit}
        </button>
      </form>
    </div>
  );
}
