import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DrillHeader } from './DrillHeader.js';
import { navigate } from './router.js';
import { sessionStore } from './session-store.js';

const ME = { user: { id: 1, username: 'admin', role: 'admin' as const, townCode: null, townName: null }, csrfToken: 'c', expiresAt: 9e12 };

afterEach(() => {
  sessionStore.setState({ me: undefined });
  window.history.replaceState(null, '', '/');
});

/** The header's menu: what a phone shows instead of the row of buttons (drill.css hides the row below 640 px). */
describe('DrillHeader menu', () => {
  const setUp = () => {
    window.history.replaceState(null, '', '/drill');
    sessionStore.setState({ me: ME });
    render(<DrillHeader />);
    const toggle = screen.getByRole('button', { name: '菜单' });
    const header = toggle.closest('header')!;
    return { toggle, header };
  };

  it('is a button with an accessible name that opens and closes the menu holding the rest', () => {
    const { toggle, header } = setUp();
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(header.classList.contains('open')).toBe(false);
    const menu = document.getElementById(toggle.getAttribute('aria-controls')!)!;
    // Everything but the title lives in the menu: wall, admin, who is logged in, language, logout.
    expect(menu.contains(screen.getByTestId('whoami'))).toBe(true);
    expect(menu.contains(screen.getByTestId('lang-toggle'))).toBe(true);
    expect(menu.contains(screen.getByTestId('logout'))).toBe(true);
    expect(menu.querySelector('a[href="/admin"]')).not.toBeNull();

    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(header.classList.contains('open')).toBe(true);
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
  });

  it('closes on Escape, on a tap outside, and when the page changes', () => {
    const { toggle } = setUp();
    fireEvent.click(toggle);
    screen.getByTestId('logout').focus();
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(toggle);

    fireEvent.click(toggle);
    fireEvent.pointerDown(screen.getByTestId('whoami'));
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    fireEvent.pointerDown(document.body);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');

    fireEvent.click(toggle);
    act(() => navigate('/admin'));
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
  });

  it('closes after switching the language, with the toggle named in the new one', async () => {
    const { toggle } = setUp();
    fireEvent.click(toggle);
    await act(async () => fireEvent.click(screen.getByTestId('lang-toggle')));
    const english = screen.getByRole('button', { name: 'Menu' });
    expect(english.getAttribute('aria-expanded')).toBe('false');
    await act(async () => fireEvent.click(screen.getByTestId('lang-toggle')));
  });
});
