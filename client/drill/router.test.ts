import { afterEach, describe, expect, it, vi } from 'vitest';
import { currentRoute, loginPath, navigate, parseRoute, reportersPath, scopePath, subscribeRoute, ticketPath } from './router.js';

describe('parseRoute', () => {
  it('reads every deep link', () => {
    expect(parseRoute('/drill')).toEqual({ page: 'scope', level: 'district', scope: '321171' });
    expect(parseRoute('/drill/')).toEqual({ page: 'scope', level: 'district', scope: '321171' });
    expect(parseRoute('/drill/town/321171001')).toEqual({ page: 'scope', level: 'town', scope: '321171001' });
    expect(parseRoute('/drill/village/321171001002')).toEqual({ page: 'scope', level: 'village', scope: '321171001002' });
    expect(parseRoute('/drill/grid/321171001002-03')).toEqual({ page: 'grid', scope: '321171001002-03' });
    expect(parseRoute('/drill/ticket/42')).toEqual({ page: 'ticket', id: 42 });
    expect(parseRoute('/admin')).toEqual({ page: 'admin' });
    expect(parseRoute('/drill/reports')).toEqual({ page: 'reports' });
    expect(parseRoute('/print/monthly', '?scope=321171001&month=2023-06')).toEqual({ page: 'print-monthly', scope: '321171001', month: '2023-06' });
    expect(parseRoute('/drill/supervise')).toEqual({ page: 'supervise', scope: null, level: null });
    expect(parseRoute('/drill/supervise', '?scope=321171001&level=red')).toEqual({ page: 'supervise', scope: '321171001', level: 'red' });
    expect(parseRoute('/drill/supervise', '?scope=nope&level=green')).toEqual({ page: 'supervise', scope: null, level: null });
    expect(parseRoute('/drill/supervise/123/print')).toEqual({ page: 'supervise-print', id: 123 });
    expect(parseRoute('/drill/supervise/123').page).toBe('not-found');
    expect(parseRoute('/drill/supervise/0/print').page).toBe('not-found');
    expect(parseRoute('/login', '?next=%2Fdrill%2Fticket%2F7')).toEqual({ page: 'login', next: '/drill/ticket/7' });
  });

  it('reads the reporters\' page of a town or village, and ignores any other scope there', () => {
    expect(parseRoute('/drill/reporters')).toEqual({ page: 'reporters', scope: null });
    expect(parseRoute('/drill/reporters', '?scope=321171001')).toEqual({ page: 'reporters', scope: '321171001' });
    expect(parseRoute('/drill/reporters', '?scope=321171001002')).toEqual({ page: 'reporters', scope: '321171001002' });
    expect(parseRoute('/drill/reporters', '?scope=321171')).toEqual({ page: 'reporters', scope: null });
    expect(parseRoute('/drill/reporters', '?scope=321171001002-03')).toEqual({ page: 'reporters', scope: null });
    expect(reportersPath('321171001')).toBe('/drill/reporters?scope=321171001');
  });

  it('leaves every other path to the wall', () => {
    expect(parseRoute('/')).toEqual({ page: 'wall' });
    expect(parseRoute('/index.html')).toEqual({ page: 'wall' });
    expect(parseRoute('/drilling')).toEqual({ page: 'wall' });
  });

  it('refuses ids of the wrong level or shape', () => {
    expect(parseRoute('/drill/town/321171001002').page).toBe('not-found');
    expect(parseRoute('/drill/village/321171001').page).toBe('not-found');
    expect(parseRoute('/drill/grid/321171001002').page).toBe('not-found');
    expect(parseRoute('/drill/ticket/0').page).toBe('not-found');
    expect(parseRoute('/drill/ticket/abc').page).toBe('not-found');
    expect(parseRoute('/drill/town/321171001/extra').page).toBe('not-found');
  });

  it('never sends a login elsewhere than this site', () => {
    expect(parseRoute('/login', '?next=https%3A%2F%2Fevil.example')).toEqual({ page: 'login', next: '/drill' });
    expect(parseRoute('/login', '?next=%2F%2Fevil.example')).toEqual({ page: 'login', next: '/drill' });
    expect(parseRoute('/login', '?next=%2F%5Cevil.example%2Fx')).toEqual({ page: 'login', next: '/drill' });
    expect(parseRoute('/login', '?next=%2F%255Cevil.example')).toEqual({ page: 'login', next: '/drill' });
    expect(loginPath('//evil.example')).toBe('/login?next=%2Fdrill');
    expect(parseRoute('/login')).toEqual({ page: 'login', next: '/drill' });
    expect(loginPath('/drill/grid/321171001002-03')).toBe('/login?next=%2Fdrill%2Fgrid%2F321171001002-03');
  });

  it('builds the path of each level from the id alone', () => {
    expect(scopePath('321171')).toBe('/drill');
    expect(scopePath('321171001')).toBe('/drill/town/321171001');
    expect(scopePath('321171001002')).toBe('/drill/village/321171001002');
    expect(scopePath('321171001002-03')).toBe('/drill/grid/321171001002-03');
    expect(ticketPath(9)).toBe('/drill/ticket/9');
    for (const id of ['321171', '321171001', '321171001002', '321171001002-03']) {
      const route = parseRoute(scopePath(id));
      expect('scope' in route && route.scope).toBe(id);
    }
  });
});

describe('history', () => {
  afterEach(() => window.history.replaceState(null, '', '/'));

  it('pushes one entry per page and the back button walks up the stack', async () => {
    const seen: string[] = [];
    const stop = subscribeRoute(() => seen.push(window.location.pathname));
    const start = window.history.length;
    navigate('/drill');
    navigate('/drill/town/321171001');
    navigate('/drill/village/321171001002');
    navigate('/drill/village/321171001002'); // same page: no new entry
    expect(window.history.length).toBe(start + 3);
    expect(currentRoute()).toEqual({ page: 'scope', level: 'village', scope: '321171001002' });

    const popped = new Promise<void>((resolve) => window.addEventListener('popstate', () => resolve(), { once: true }));
    window.history.back();
    await popped;
    expect(currentRoute()).toEqual({ page: 'scope', level: 'town', scope: '321171001' });
    expect(seen).toEqual(['/drill', '/drill/town/321171001', '/drill/village/321171001002', '/drill/town/321171001']);
    stop();
  });

  it('replaces the entry for redirects', () => {
    navigate('/drill/ticket/5');
    const length = window.history.length;
    navigate('/login?next=%2Fdrill%2Fticket%2F5', { replace: true });
    expect(window.history.length).toBe(length);
    expect(currentRoute()).toEqual({ page: 'login', next: '/drill/ticket/5' });
  });

  it('keeps the same route object until the URL changes', () => {
    navigate('/drill/ticket/8');
    expect(currentRoute()).toBe(currentRoute());
    const listener = vi.fn();
    const stop = subscribeRoute(listener);
    navigate('/drill/ticket/9');
    expect(listener).toHaveBeenCalledTimes(1);
    stop();
  });
});
