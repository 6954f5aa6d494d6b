import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { MonthlyBreakdown } from '../../shared/schemas/report-monthly.js';
import { makeGeo } from '../test/fixtures.js';
import { CategoryTierSection, DailySection, OverdueMapSection } from './Breakdown.js';

const month = (over: Partial<MonthlyBreakdown> = {}): MonthlyBreakdown => ({
  scope: { id: '321171001001', name: '丁卯社区' }, month: '2023-06', from: '2023-06-01T00:00:00+08:00', to: '2023-07-01T00:00:00+08:00',
  asOf: '2023-07-01T00:00:00+08:00',
  daily: [{ day: '2023-06-01', filed: 3, closed: 1 }, { day: '2023-06-02', filed: 5, closed: 2 }],
  categories: [{ code: 'lamp', name: '路灯', tier: 3, filed: 6 }, { code: 'other', name: '其他', tier: null, filed: 2 }],
  tiers: [{ tier: 1, filed: 1 }, { tier: 2, filed: 2 }, { tier: 3, filed: 5 }], escalated: 1,
  childLevel: 'grid',
  children: [{ id: '321171001001-01', name: '第一网格', overdue: 4 }, { id: '321171001001-02', name: '第二网格', overdue: 0 }],
  ...over,
});
const svgs = (testId: string) => screen.getByTestId(testId).querySelectorAll('svg').length;

describe('the print\'s month sections', () => {
  it('draw each chart as SVG and name the busiest day, the busiest category, each tier and the most overdue', () => {
    const b = month();
    render(<><DailySection breakdown={b} /><CategoryTierSection breakdown={b} /><OverdueMapSection breakdown={b} geo={{ children: makeGeo(), outline: null }} /></>);
    expect(screen.getByText('受理最多的一天：2023-06-02，5 件')).toBeTruthy();
    expect(screen.getByText('受理最多的类别：路灯 6 件')).toBeTruthy();
    expect(screen.getByText(/一级（区级部门） 1 件，二级（街道） 2 件，三级（村社区） 5 件；其中升级处置 1 件/)).toBeTruthy();
    expect(screen.getByText('超期分布 · 按网格')).toBeTruthy();
    expect(screen.getByText('第一网格 4 件')).toBeTruthy();
    expect(screen.queryByText(/第二网格/)).toBeNull();
    for (const id of ['print-daily', 'print-categories', 'print-tiers', 'print-map']) expect(svgs(id), id).toBe(1);
  });

  it('a month with nothing filed or overdue says so instead of drawing a ring of zeros', () => {
    const b = month({ daily: [{ day: '2023-06-01', filed: 0, closed: 0 }], categories: [], tiers: [{ tier: 1, filed: 0 }, { tier: 2, filed: 0 }, { tier: 3, filed: 0 }],
      escalated: 0, children: [{ id: '321171001001-01', name: '第一网格', overdue: 0 }] });
    render(<><CategoryTierSection breakdown={b} /><OverdueMapSection breakdown={b} geo={{ children: makeGeo(), outline: null }} /></>);
    expect(screen.getAllByText('本月尚无受理。')).toHaveLength(2);
    expect(svgs('print-tiers')).toBe(0);
    expect(screen.getByText('本月无超期')).toBeTruthy();
  });
});
