import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { langStore } from '../i18n/lang-store.js';
import { AboutBox } from '../panels/AboutBox.js';
import { scopeSwitch } from '../store/scope-switch.js';
import { wallStore } from '../store/index.js';
import { makeGeo, makeSnapshot, makeSummary } from '../test/fixtures.js';
import { rotationStore, type RotationView } from './run-rotation.js';
import { RotationHint } from './RotationHint.js';

const initial = wallStore.getState();
const VIEW: RotationView = {
  scopes: ['321171', '321171001001', '321171001001-01'],
  everyMs: 20_000,
  index: 1,
  nextInMs: 4_200,
  paused: false,
  problems: [{ kind: 'unknownCodes', codes: ['abc'] }, { kind: 'tooShort', value: '3' }],
  noticeUntil: Date.now() + 30_000,
};

beforeEach(() => {
  wallStore.setState(initial, true);
  wallStore.getState().applySnapshot(makeSnapshot(1, makeSummary()));
  wallStore.getState().setGeo(makeGeo());
});
afterEach(() => {
  rotationStore.setState({ view: null });
  langStore.getState().setLang('zh');
});

describe('RotationHint', () => {
  it('shows nothing on a wall that does not rotate', () => {
    render(<RotationHint />);
    expect(screen.queryByTestId('rotation')).toBeNull();
  });

  it('shows the position, the time to the next scope and the notice naming what was wrong, in both languages', () => {
    rotationStore.setState({ view: VIEW });
    render(<RotationHint />);
    const hint = screen.getByTestId('rotation');
    expect(hint.dataset.scope).toBe('321171');
    expect(hint.dataset.index).toBe('1');
    expect(hint.textContent).toBe('轮播 2/3 · 5 秒后切换');
    expect(screen.getByTestId('rotation-notice').textContent).toBe('轮播参数有误: 无法识别的代码：abc; every=3 太短，按最短 10 秒');
    act(() => langStore.getState().setLang('en'));
    expect(hint.textContent).toBe('Rotation 2/3 · next in 5 s');
    expect(screen.getByTestId('rotation-notice').textContent).toContain('unknown codes: abc; every=3 is too short: using the minimum, 10 s');
    act(() => rotationStore.setState({ view: { ...VIEW, paused: true, noticeUntil: null } }));
    expect(hint.textContent).toBe('Rotation 2/3 · paused');
    expect(hint.dataset.paused).toBe('true');
    expect(screen.queryByTestId('rotation-notice')).toBeNull();
  });

  it('marks the wall as switching until the new scope\'s snapshot arrives', () => {
    rotationStore.setState({ view: VIEW });
    render(<RotationHint />);
    act(() => wallStore.setState(scopeSwitch(wallStore.getState(), '321171001')));
    expect(screen.getByTestId('rotation').dataset.switching).toBe('true');
    expect(screen.getByTestId('rotation').dataset.scope).toBe('321171');
    act(() => wallStore.getState().applySnapshot(makeSnapshot(1, makeSummary({ scope: { id: '321171001', level: 'town', name: '丁卯街道', parents: ['321171'] } }))));
    expect(screen.getByTestId('rotation').dataset.switching).toBe('false');
    expect(screen.getByTestId('rotation').dataset.scope).toBe('321171001');
  });
});

describe('the about box on a rotating wall', () => {
  it('lists the scopes by name, the interval and which one is on', () => {
    rotationStore.setState({ view: VIEW });
    wallStore.getState().setAbout(true);
    render(<AboutBox />);
    const list = screen.getByTestId('about-rotation');
    expect(list.querySelector('h3')?.textContent).toBe('轮播：每 20 秒切换');
    const items = [...list.querySelectorAll('li')];
    expect(items.map((li) => li.dataset.scope)).toEqual(VIEW.scopes);
    expect(items[0].textContent).toContain('镇江经开区（全区）');
    // A village without outlines loaded is named by its code; the grid cell by its name.
    expect(items[1].textContent).toContain('321171001001');
    expect(items[2].textContent).toContain('丁卯居委会第一网格');
    expect(items.map((li) => li.dataset.current)).toEqual(['false', 'true', 'false']);
    expect(items[1].textContent).toContain('当前');
    expect(list.textContent).toContain('无法识别的代码：abc');
  });
});
