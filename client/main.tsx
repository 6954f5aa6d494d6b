// Fonts are bundled by Vite from node_modules: a command-centre wall may have no internet.
import '@fontsource/noto-sans-sc/chinese-simplified-400.css';
import '@fontsource/noto-sans-sc/chinese-simplified-700.css';
import '@fontsource/orbitron/400.css';
import '@fontsource/orbitron/700.css';
import './styles/fonts-ext.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/panels.css';
import './styles/counters.css';
import './styles/board.css';
import './styles/controls.css';
import './styles/rotation.css';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Root } from './Root.js';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root, {
  // A panel's error boundary has already replaced it with a notice and will retry: a warning, not an error.
  onCaughtError: (error, info) => console.warn('[wall] caught:', error, info.componentStack),
}).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
