/** Calls `fn` whenever the pointer moves or presses anywhere in the window (passive); returns the unsubscribe. */
export function onPointerActivity(fn: () => void): () => void {
  window.addEventListener('pointermove', fn, { passive: true });
  window.addEventListener('pointerdown', fn, { passive: true });
  return () => {
    window.removeEventListener('pointermove', fn);
    window.removeEventListener('pointerdown', fn);
  };
}
