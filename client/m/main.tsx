// The phone app's own entry: React and this folder, nothing of the wall (no ECharts, no wall store, no dark theme).
// The CJK font is the build's cut (scripts/font-subset.ts collects these pages' words with the rest of client/).
import '../styles/fonts-shown/fonts.css';
import './m.css';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { fetchCategories, fetchGrid, fetchHealth } from './api.js';
import { setUnauthorizedHandler } from '../api/http.js';
import { setBeforeFlush, startOutbox } from './outbox.js';
import { forgetNobody, knownBefore, renew } from './session.js';

setBeforeFlush(renew);
// A session that ended (8 h after login) is found out at the next call: the phone asks who it is again.
setUnauthorizedHandler(() => void renew());
// A resident's phone (a QR poster's report, a receipt) never had a session: it does not ask, and logs no 401.
if (knownBefore() || /^\/m\/(rounds|mine|login)?$/.test(location.pathname)) void renew();
else forgetNobody();
startOutbox();
createRoot(document.getElementById('root')!).render(<App />);

// The offline shell: a service worker (built by vite-plugin-pwa) keeps this page and its files, so the app opens
// without network. Registered by hand (no inline script: the CSP allows none), scoped to /m/ so the wall never has one.
if ('serviceWorker' in navigator) {
  // The first visit's calls went out before the worker was there: read what a report needs once more through it, so
  // that the categories and the map are on the phone before the network is gone.
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    void fetchCategories().catch(() => undefined);
    void fetchHealth().then((h) => fetchGrid(h.geo.grid)).catch(() => undefined);
  });
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/m-sw.js', { scope: '/m/' }).catch((err: unknown) => console.warn('service worker not registered', err));
  });
}
