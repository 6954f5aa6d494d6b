import './drill.css';
import { useEffect, useRef } from 'react';
import { AdminPage } from './AdminPage.js';
import { ReportersPage } from './ReportersPage.js';
import { ReportsPage } from './ReportsPage.js';
import { setUnauthorizedHandler } from '../api/http.js';
import { useDrillMessages } from '../i18n/use-drill-messages.js';
import { DrillHeader } from './DrillHeader.js';
import { GridCellPage } from './GridCellPage.js';
import { LoginPage } from './LoginPage.js';
import { Loading } from './Notice.js';
import { hereForLogin, loginPath, navigate, type Route } from './router.js';
import { ScopePage } from './ScopePage.js';
import { sessionStore, useSession } from './session-store.js';
import { SupervisePage } from './SupervisePage.js';
import { SupervisePrint } from './SupervisePrint.js';
import { TicketView } from './TicketView.js';

export type DrillRoute = Exclude<Route, { page: 'wall' | 'print-monthly' }>;

function sendToLogin(): void {
  sessionStore.getState().setMe(null);
  navigate(loginPath(hereForLogin()), { replace: true });
}

/**
 * The supervisors' side: login, the drill-down pages and the admin page. Every page needs a session; a 401 from any
 * call (the session ended) goes to the login page, which comes back here afterwards.
 */
export function DrillApp({ route }: { route: DrillRoute }) {
  const t = useDrillMessages();
  const me = useSession((s) => s.me);
  const main = useRef<HTMLElement>(null);

  useEffect(() => {
    setUnauthorizedHandler(sendToLogin);
    return () => setUnauthorizedHandler(null);
  }, []);

  // Who is logged in, asked once; the login page does not need to know (it logs in itself).
  const onLoginPage = route.page === 'login';
  useEffect(() => {
    if (onLoginPage || sessionStore.getState().me !== undefined) return;
    sessionStore.getState().refresh().catch(() => sessionStore.getState().setMe(null));
  }, [onLoginPage]);

  useEffect(() => {
    if (me === null && route.page !== 'login') sendToLogin();
  }, [me, route]);

  useEffect(() => {
    document.documentElement.lang = t.locale;
    document.title = t.appTitle;
  }, [t]);

  // The page scrolls inside .drill-main: a new page starts at its top.
  useEffect(() => {
    main.current?.scrollTo?.(0, 0);
  }, [route]);

  if (route.page === 'login') {
    return (
      <div className="drill">
        <LoginPage next={route.next} />
      </div>
    );
  }
  return (
    <div className="drill" data-testid="drill">
      <DrillHeader />
      <main className="drill-main" ref={main}>
        {me ? <Page route={route} /> : <Loading />}
      </main>
    </div>
  );
}

function Page({ route }: { route: Exclude<DrillRoute, { page: 'login' }> }) {
  const t = useDrillMessages();
  switch (route.page) {
    case 'scope':
      return <ScopePage key={route.scope} scope={route.scope} level={route.level} />;
    case 'grid':
      return <GridCellPage key={route.scope} scope={route.scope} />;
    case 'ticket':
      return <TicketView key={route.id} id={route.id} />;
    case 'supervise':
      return <SupervisePage key={route.scope ?? ''} scope={route.scope} level={route.level} />;
    case 'supervise-print':
      return <SupervisePrint key={route.id} id={route.id} />;
    case 'admin':
      return <AdminPage />;
    case 'reports':
      return <ReportsPage />;
    case 'reporters':
      return <ReportersPage key={route.scope ?? ''} scope={route.scope} />;
    case 'not-found':
      return (
        <div className="dnotice" role="alert">
          {t.notices.notFound}
          <small>{route.path}</small>
        </div>
      );
  }
}
