import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PanelBoundary } from './PanelBoundary.js';

let broken = true;
function Fragile() {
  if (broken) throw new Error('malformed data');
  return <p>fine again</p>;
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('PanelBoundary', () => {
  it('shows a notice in the panel place instead of unmounting the wall, and retries', async () => {
    vi.useFakeTimers();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    // React itself reports caught errors through console.error in tests; the app routes them to warn (main.tsx).
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    broken = true;
    render(
      <div data-testid="wall">
        <PanelBoundary name="test" className="area-map">
          <Fragile />
        </PanelBoundary>
        <p>other panel</p>
      </div>,
    );
    expect(screen.getByRole('note').textContent).toContain('此面板暂时无法显示');
    expect(screen.getByRole('note').className).toContain('area-map');
    expect(screen.getByText('other panel')).toBeTruthy();
    expect(warn).toHaveBeenCalled();
    broken = false;
    await act(async () => {
      vi.advanceTimersByTime(10_000);
    });
    expect(screen.getByText('fine again')).toBeTruthy();
  });
});
