import { describe, expect, it } from 'vitest';
import { buildTrendOption } from './trend.js';

const hour = Date.UTC(2023, 5, 15, 2, 0); // 10:00 in Shanghai
const day = Date.UTC(2023, 5, 14, 16, 0); // 15 June in Shanghai
const labels = { hourly: '近 24 小时', daily: '近 30 天', reported: '上报', closed: '结案' };

describe('buildTrendOption', () => {
  const option = buildTrendOption({
    hourly: [{ t: hour, reported: 4, closed: 1 }],
    daily: [{ t: day, reported: 90, closed: 80 }],
    labels,
    timeZone: 'Asia/Shanghai',
    locale: 'zh-CN',
  });
  const series = option.series as unknown as { id: string; xAxisIndex: number; data: number[] }[];

  it('has stable series for reported and closed, hourly on the top grid and daily below', () => {
    expect(series.map((s) => [s.id, s.xAxisIndex, s.data])).toEqual([
      ['hourly-reported', 0, [4]],
      ['hourly-closed', 0, [1]],
      ['daily-reported', 1, [90]],
      ['daily-closed', 1, [80]],
    ]);
    expect(option.animation).toBe(false);
  });

  it('labels the axes in Shanghai time', () => {
    const axes = option.xAxis as { data: string[] }[];
    expect(axes[0].data).toEqual(['10:00']);
    expect(axes[1].data).toEqual(['6/15']);
  });
});
