import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchCellMeasures } from './cell-measures.js';

function respond(status: number, body: unknown): void {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })),
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('fetchCellMeasures', () => {
  it('returns the per-cell counts', async () => {
    respond(200, { '321171001001-01': { open: 2, overdue: 1, total: 9 } });
    await expect(fetchCellMeasures()).resolves.toEqual({ '321171001001-01': { open: 2, overdue: 1, total: 9 } });
  });

  it('throws on a failure, a 404 included: the route always exists, so a 404 is an error to show', async () => {
    respond(404, { error: 'not_found', message: 'Route GET:/api/cells/measures not found' });
    await expect(fetchCellMeasures()).rejects.toThrow(/not found/);

    respond(500, { error: 'internal', message: 'boom' });
    await expect(fetchCellMeasures()).rejects.toThrow(/boom/);
  });
});
