import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Root } from './Root.js';
// The whole CJK font behind the cut (scripts/font-subset.ts), for characters outside it: with this chunk, not before
// the page's first render.
import './styles/fonts-shown/fonts-whole.css';

/** Renders the page into #root; main.tsx loads this module once the wall's data is on its way. */
export function mount(): void {
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
}
