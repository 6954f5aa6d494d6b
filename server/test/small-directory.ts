import { townOf, villageOf } from '../../shared/scope.js';
import { buildScopeDirectory } from '../domain/scope-directory.js';

/** Four cells in three villages of two towns: enough for the aggregates' tests to roll cells up to every level. */
export const SMALL_CELLS = ['321171102004-01', '321171102004-02', '321171102009-01', '321171001001-01'];

/** The scope directory of SMALL_CELLS, made anew for each state under test. */
export const smallDirectory = () =>
  buildScopeDirectory({
    districtName: '镇江经开区',
    towns: [{ code: '321171102', name: '丁岗镇' }, { code: '321171001', name: '丁卯街道' }],
    villages: [
      { code: '321171102004', name: '新茂社区', townCode: '321171102' },
      { code: '321171102009', name: '心湖社区', townCode: '321171102' },
      { code: '321171001001', name: '丁卯社区', townCode: '321171001' },
    ],
    cells: SMALL_CELLS.map((id) => ({ id, name: id, villageCode: villageOf(id), townCode: townOf(id), households: 100 })),
    organisation: [], branches: [], standings: [],
  });
