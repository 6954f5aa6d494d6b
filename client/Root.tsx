import { lazy, Suspense } from 'react';
import { App } from './App.js';
import { useRoute } from './drill/router.js';

// Walls never load the supervisors' code: it is fetched the first time someone opens /drill, /login or /admin.
const MonthlyReport = lazy(() => import('./print/MonthlyReport.js').then((m) => ({ default: m.MonthlyReport })));
const DrillApp = lazy(() => import('./drill/DrillApp.js').then((m) => ({ default: m.DrillApp })));

/** '/drill…', '/login' and '/admin' are the supervisors' pages, '/print/…' what the server prints; every other path is the wall. */
export function Root() {
  const route = useRoute();
  if (route.page === 'wall') return <App />;
  if (route.page === 'print-monthly') {
    return (
      <Suspense fallback={null}>
        <MonthlyReport scope={route.scope} month={route.month} />
      </Suspense>
    );
  }
  return (
    <Suspense fallback={<div className="drill" />}>
      <DrillApp route={route} />
    </Suspense>
  );
}
