import { describe, expect, it } from 'vitest';
import { makeGeo } from '../test/fixtures.js';
import { rankItems } from '../panels/RankingPanel.js';
import { childrenOf } from './ranking-poller.js';

describe('childrenOf', () => {
  it("takes the district's towns or a town's villages, names shortened", () => {
    const towns = { type: 'FeatureCollection' as const, features: makeGeo().features.map((f) => ({ ...f, id: f.id.slice(0, 9), properties: { ...f.properties, name: '丁卯街道' } })) };
    const villages = { type: 'FeatureCollection' as const, features: [{ ...makeGeo().features[0], id: '321171001001', properties: { ...makeGeo().features[0].properties, name: '丁卯居委会' } }] };
    expect(childrenOf({ scope: '321171', townGeo: towns, villageGeo: null, geo: null })?.[0]).toEqual({ id: '321171001', name: '丁卯街道' });
    expect(childrenOf({ scope: '321171001', townGeo: null, villageGeo: villages, geo: null })).toEqual([{ id: '321171001001', name: '丁卯' }]);
    expect(childrenOf({ scope: '321171', townGeo: null, villageGeo: null, geo: null })).toBeNull();
  });
});

describe('rankItems', () => {
  const rows = [
    { id: 'a', name: 'A', total: 10, open: 3, onTimeRate: 0.9, satisfactionRate: null },
    { id: 'b', name: 'B', total: 20, open: 1, onTimeRate: 0.955, satisfactionRate: 0.8 },
  ];
  it('sorts best first, rates as percentages, a rate with nothing due last', () => {
    expect(rankItems(rows, 'total').map((i) => [i.key, i.value])).toEqual([['b', 20], ['a', 10]]);
    expect(rankItems(rows, 'onTimeRate').map((i) => [i.key, i.value])).toEqual([['b', 95.5], ['a', 90]]);
    expect(rankItems(rows, 'satisfactionRate').map((i) => i.value)).toEqual([80, null]);
  });
});
