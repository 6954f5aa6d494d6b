import { langStore } from '../i18n/lang-store.js';
import { useDrillMessages } from '../i18n/use-drill-messages.js';
import { useEffect, useRef, useState } from 'react';
import { Link } from './Link.js';
import { navigate, REPORTERS_PATH, REPORTS_PATH, supervisePath, useRoute, type Route } from './router.js';
import { sessionStore, useSession } from './session-store.js';

/**
 * Title, who is logged in (role and town), the language toggle, the admin page for admins, and logout. On a laptop
 * they sit in one row; on a phone (drill.css) everything but the title folds into a menu behind one button, so the
 * header stays one row. The menu belongs to the page it was opened on: going to another page closes it.
 */
export function DrillHeader() {
  const t = useDrillMessages();
  const me = useSession((s) => s.me);
  const route = useRoute();
  const [openOn, setOpenOn] = useState<Route | null>(null);
  const open = openOn === route;
  const header = useRef<HTMLElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);

  // Escape or a tap outside the header closes it, as any menu does; Escape gives the focus back to the menu button.
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpenOn(null);
      toggle.current?.focus();
    };
    const onPointer = (e: PointerEvent) => {
      if (!header.current?.contains(e.target as Node)) setOpenOn(null);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  const logout = async () => {
    await sessionStore.getState().logout().catch(() => undefined);
    navigate('/login?next=%2Fdrill', { replace: true });
  };
  const switchLang = () => {
    langStore.getState().toggleLang();
    setOpenOn(null);
  };
  return (
    <header className={open ? 'dheader open' : 'dheader'} ref={header}>
      <Link to="/drill" className="dheader-title">
        {t.appTitle}
      </Link>
      <button
        type="button"
        ref={toggle}
        className="dbtn ghost dheader-menu-toggle"
        aria-label={t.menu}
        aria-expanded={open}
        aria-controls="dheader-menu"
        onClick={() => setOpenOn(open ? null : route)}
        data-testid="menu-toggle"
      >
        <span aria-hidden>{open ? '✕' : '☰'}</span>
      </button>
      <div className="dheader-menu" id="dheader-menu" data-testid="header-menu">
        <nav className="dheader-nav">
          <a href="/" className="dbtn ghost">
            {t.wall}
          </a>
          <Link to={supervisePath()} className="dbtn ghost" testId="supervise-link">
            {t.supervise.title}
          </Link>
          <Link to={REPORTS_PATH} className="dbtn ghost" testId="reports-link">
            {t.reportsPage.title}
          </Link>
          {me && me.user.role !== 'viewer' && me.user.role !== 'reporter' && (
            <Link to={REPORTERS_PATH} className="dbtn ghost" testId="reporters-link">
              {t.reportersPage.title}
            </Link>
          )}
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
          <button type="button" className="dbtn ghost" onClick={switchLang} data-testid="lang-toggle">
            {t.language}
          </button>
          {me && (
            <button type="button" className="dbtn" onClick={logout} data-testid="logout">
              {t.logout}
            </button>
          )}
        </div>
      </div>
    </header>
  );
}
