import { useEffect } from 'react';
import { useLang, setLang } from './i18n.js';
import { useLocation } from './nav.js';
import { OutboxBadge, OutboxList } from './Outbox.js';
import { Activate, Login } from './pages/Account.js';
import { Home } from './pages/Home.js';
import { Mine } from './pages/Mine.js';
import { Report } from './pages/Report.js';
import { Rounds } from './pages/Rounds.js';
import { Track } from './pages/Track.js';
import { parseMRoute } from './route.js';
import { logout, useMe } from './session.js';
import { Link } from './ui.js';

/** The phone app: a bar (home, the outbox badge, language, log out), the page, and what waits to be sent. */
export function App() {
  useLocation();
  const route = parseMRoute(location.pathname);
  const { lang, t } = useLang();
  const me = useMe();
  useEffect(() => {
    document.title = t('appName');
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [t, lang]);

  // Pages that need a reporter send the others to log in (residents use /m/report and /m/track, which need nobody).
  const needsReporter = route.page === 'rounds' || route.page === 'mine';
  const page = needsReporter && me === null ? <Login t={t} />
    : route.page === 'report' ? <Report t={t} lang={lang} />
    : route.page === 'rounds' ? <Rounds t={t} />
    : route.page === 'mine' ? <Mine t={t} lang={lang} />
    : route.page === 'activate' ? <Activate t={t} />
    : route.page === 'login' ? <Login t={t} />
    : route.page === 'track' ? <Track receipt={route.receipt} t={t} lang={lang} />
    : <Home t={t} />;

  return (
    <div className="app" data-page={route.page}>
      <header className="bar">
        <Link to="/m/" className="bar-home">{t('appName')}</Link>
        <OutboxBadge t={t} />
        <button type="button" className="btn btn-small" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} data-testid="lang">{t('language')}</button>
        {me && <button type="button" className="btn btn-small" onClick={() => void logout()}>{t('logout')}</button>}
      </header>
      <main>{me === undefined && needsReporter ? <p className="hint">{t('loading')}</p> : page}</main>
      <OutboxList t={t} />
    </div>
  );
}
