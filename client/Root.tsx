import { lazy, Suspense } from 'react';
import { App } from './App.js';
import { useRoute } from './drill/router.js';

// Walls never load the supervisors' code: it is fetched the first time someone opens /drill, /login or /admin.
const DrillApp = lazy(() => import('./drill/DrillApp.js').then((m) => ({ default: m.DrillApp })));

/** '/drill…', '/login' and '/admin' are the supervisors' pages; every other path is the wall. */
export function Root() {
  const route = useRoute();
  if (route.page === 'wall') return <App />;
  return (
    <Suspense fallback={<div className="drill" />}>
      <DrillApp route={route} />
    </Suspense>
  );
}
