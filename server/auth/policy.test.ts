import { describe, expect, it } from 'vitest';
import { callerId, can, decide, decideEach, type Principal } from './policy.js';

const account = (role: 'admin' | 'district' | 'town' | 'viewer', townCode: string | null = null): Principal =>
  ({ kind: 'account', accountId: 1, username: role, role, townCode });
const token: Principal = { kind: 'token', tokenId: 'configured', name: 'intake' };
const dingmao = account('town', '321171001');
const cellInDingmao = '321171001001-01';
const cellInDagang = '321171002001-01';

describe('policy', () => {
  it('answers 401 without a principal', () => {
    expect(decide(null, 'drill:read', cellInDingmao)).toMatchObject({ ok: false, status: 401 });
  });
  it('lets intake tokens create tickets and nothing else', () => {
    expect(can(token, 'ticket:create', cellInDagang)).toBe(true);
    for (const p of ['ticket:transition', 'drill:read', 'replay:control', 'accounts:manage'] as const) {
      expect(decide(token, p)).toMatchObject({ ok: false, status: 403, code: 'forbidden' });
    }
  });
  it('keeps a town supervisor inside its town', () => {
    expect(can(dingmao, 'ticket:transition', cellInDingmao)).toBe(true);
    expect(can(dingmao, 'drill:read', '321171001')).toBe(true);
    expect(decide(dingmao, 'ticket:transition', cellInDagang)).toMatchObject({ status: 403, code: 'out_of_scope' });
    expect(can(dingmao, 'drill:read', '321171')).toBe(false);
    expect(can(dingmao, 'replay:control')).toBe(false);
  });
  it('lets viewers read everywhere and write nowhere', () => {
    const viewer = account('viewer');
    expect(can(viewer, 'drill:read', cellInDagang)).toBe(true);
    expect(can(viewer, 'ticket:transition', cellInDagang)).toBe(false);
    expect(can(viewer, 'ticket:create', cellInDagang)).toBe(false);
  });
  it('gives admins everything and district supervisors all but administration', () => {
    expect(can(account('admin'), 'accounts:manage')).toBe(true);
    expect(can(account('admin'), 'ticket:transition', cellInDagang)).toBe(true);
    expect(can(account('district'), 'ticket:transition', cellInDagang)).toBe(true);
    expect(can(account('district'), 'replay:control')).toBe(true);
    expect(can(account('district'), 'audit:read')).toBe(false);
  });

  it('checks every scope a request touches and names the field that points outside', () => {
    const touched = [{ field: 'id', scope: cellInDingmao }, { field: 'duplicateOf', scope: cellInDagang }];
    expect(decideEach(dingmao, 'ticket:transition', touched)).toMatchObject({ ok: false, status: 403, code: 'out_of_scope', field: 'duplicateOf' });
    expect(decideEach(dingmao, 'ticket:transition', touched.slice(0, 1))).toEqual({ ok: true });
    expect(decideEach(account('district'), 'ticket:transition', touched)).toEqual({ ok: true });
    // The role comes first: a viewer is refused for the role, whatever it touches.
    expect(decideEach(account('viewer'), 'ticket:transition', touched)).toMatchObject({ code: 'forbidden' });
  });

  it('lets a reporter file inside its own village and read nothing of the drill-down or the reports', () => {
    const reporter: Principal = {
      kind: 'account', accountId: 9, username: 'r-s000001', role: 'reporter', townCode: null,
      reporter: { staffId: 'S000001', gridId: cellInDingmao, staffRole: 'central_household' },
    };
    expect(can(reporter, 'ticket:create', cellInDingmao)).toBe(true);
    expect(can(reporter, 'ticket:create', '321171001001-02')).toBe(true);
    expect(decide(reporter, 'ticket:create', '321171001002-01')).toMatchObject({ code: 'out_of_scope' });
    expect(can(reporter, 'rounds:record')).toBe(true);
    for (const p of ['drill:read', 'reports:read', 'ticket:transition', 'ticket:reveal', 'screens:read', 'rounds:read', 'reporters:invite'] as const) {
      expect(decide(reporter, p, cellInDingmao)).toMatchObject({ ok: false, code: 'forbidden' });
    }
    // Without its staff row (a re-imported world dropped it) it reaches nothing.
    const unbound: Principal = { ...reporter, reporter: undefined };
    expect(decide(unbound, 'ticket:create', cellInDingmao)).toMatchObject({ code: 'out_of_scope' });
  });

  it('tells callers apart by token or account, never by name', () => {
    expect(callerId(token)).toBe('token:configured');
    expect(callerId(dingmao)).toBe('account:1');
    expect(callerId({ kind: 'token', tokenId: '7', name: 'account:1' })).toBe('token:7');
  });
});
