import type { T } from '../i18n.js';
import { useMe } from '../session.js';
import { Link } from '../ui.js';
import { keptReceipts } from './Report.js';

/** What this phone can do: a reporter's three jobs, or the way in for the others. */
export function Home({ t }: { t: T }) {
  const me = useMe();
  const reporter = me?.reporter;
  const receipts = keptReceipts();
  return (
    <section className="page" data-testid="home-page">
      {reporter ? (
        <>
          <p className="hello">{t('hello')}，{me.user.username} · {t('cell')} {reporter.gridName}</p>
          <nav className="big-nav">
            <Link to="/m/report" className="btn btn-big btn-primary">{t('report')}</Link>
            {reporter.staffRole === 'central_household' && <Link to="/m/rounds" className="btn btn-big">{t('rounds')}</Link>}
            <Link to="/m/mine" className="btn btn-big">{t('mine')}</Link>
          </nav>
        </>
      ) : (
        <>
          <p className="hint">{t('residentHint')}</p>
          <p className="hint">{t('reporterHint')}</p>
          <nav className="big-nav">
            <Link to="/m/activate" className="btn btn-big btn-primary">{t('activate')}</Link>
            <Link to="/m/login" className="btn btn-big">{t('login')}</Link>
          </nav>
        </>
      )}
      {receipts.length > 0 && (
        <>
          <h2>{t('myReceipts')}</h2>
          <ul className="receipts">{receipts.map((r) => <li key={r}><Link to={`/m/track/${r}`}>{r}</Link></li>)}</ul>
        </>
      )}
    </section>
  );
}
