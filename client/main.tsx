// Fonts are bundled by Vite from node_modules: a command-centre wall may have no internet. The CJK font is cut at build
// time to the characters the product shows (scripts/font-subset.ts writes this file); mount.tsx brings the whole font.
import './styles/fonts-shown/fonts.css';
import '@fontsource/orbitron/400.css';
import '@fontsource/orbitron/700.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/panels.css';
import './styles/counters.css';
import './styles/board.css';
import './styles/controls.css';
import './styles/rotation.css';

import { parseRoute } from './drill/router.js';
import { startWall } from './realtime/wall-start.js';

// The wall's socket, data and fonts are asked for first, from this small entry chunk; React, ECharts and the panels
// (the big chunk) load and compile meanwhile, and find the first snapshot in the store when they mount.
if (parseRoute(window.location.pathname).page === 'wall') startWall();
void import('./mount.js').then((m) => m.mount());
