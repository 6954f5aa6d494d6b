import { Link } from './Link.js';
import { navigate } from './router.js';
import { sessionStore, useSession, useT } from './session-store.js';

/** Title, who is logged in (role and town), the language toggle, the admin page for admins, and logout. */
export function DrillHeader() {
  const t = useT();
  const me = useSession((s) => s.me);
  const toggleLang = useSession((s) => s.toggleLang);
  const logout = async () => {
    await sessionStore.getState().logout().catch(() => undefined);
    navigate('/login?next=%2Fdrill', { replace: true });
  };
  return (
    <header className="dheader">
      <Link to="/drill" className="dheader-title">
        {t.appTitle}
      </Link>
      <nav className="dheader-nav">
        <a href="/" className="dbtn ghost">
          {t.wall}
        </a>
        {me?.user.role === 'admin' && (
          <Link to="/admin" className="dbtn ghost">
            {t.admin}
          </Link>
        )}
      </nav>
      <div className="dheader-user">
        {me && (
          <span className="dwhoami" data-testid="whoami" data-role={me.user.role}>
            {me.user.username} · {t.roles[me.user.role]}
            {me.user.townName && ` · ${me.user.townName}`}
          </span>
        )}
        <button type="button" className="dbtn ghost" onClick={toggleLang} data-testid="lang-toggle">
          {t.language}
        </button>
        {me && (
          <button type="button" className="dbtn" onClick={logout} data-testid="logout">
            {t.logout}
          </button>
        )}
      </div>
    </header>
  );
}
