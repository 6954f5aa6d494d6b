import { useSyncExternalStore } from 'react';

/** The layout is designed at 1920x1080; walls from 1280x720 to 7680x2160 scale by their limiting side. */
const DESIGN_WIDTH_PX = 1920;
const DESIGN_HEIGHT_PX = 1080;

/** The wall's scale now (1 at 1920x1080), for code outside React (the board's scroll speed). */
export function currentUiScale(): number {
  if (typeof window === 'undefined') return 1;
  const scale = Math.min(window.innerWidth / DESIGN_WIDTH_PX, window.innerHeight / DESIGN_HEIGHT_PX);
  // Rounded so that sub-pixel window changes don't rebuild every chart option.
  return Math.max(0.5, Math.round(scale * 20) / 20);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('resize', onChange);
  return () => window.removeEventListener('resize', onChange);
}

/** The same factor as --u in wall.css, for canvas text that CSS cannot reach. */
export function useUiScale(): number {
  return useSyncExternalStore(subscribe, currentUiScale, () => 1);
}
