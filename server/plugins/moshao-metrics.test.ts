import { describe, expect, it } from 'vitest';
import { parsePrometheus, sampleValue } from '../test/prometheus.js';
import { createMoshaoMetrics } from './moshao-metrics.js';

/** One metrics set with a clock the test moves, read back through the exposition. */
function setUp() {
  let t = 1000;
  const m = createMoshaoMetrics(undefined, () => t);
  return {
    m,
    advance: (ms: number) => (t += ms),
    read: async () => parsePrometheus(await m.registry.metrics()),
  };
}

describe('commit to emission', () => {
  it('measures each commit that left changes from its commit to the flush that emitted them', async () => {
    const { m, advance, read } = setUp();
    m.committed(3, true);
    advance(40);
    m.committed(1, true);
    advance(60);
    m.flushed(true);
    const f = await read();
    expect(sampleValue(f, 'moshao_push_delay_seconds_count')).toBe(2);
    expect(sampleValue(f, 'moshao_push_delay_seconds_sum')).toBeCloseTo(0.1 + 0.06, 9);
    expect(sampleValue(f, 'moshao_push_delay_seconds_bucket', { le: '0.05' })).toBe(0);
    expect(sampleValue(f, 'moshao_push_delay_seconds_bucket', { le: '0.1' })).toBe(2);
    expect(sampleValue(f, 'moshao_write_batch_size_count')).toBe(2);
    expect(sampleValue(f, 'moshao_write_batch_size_sum')).toBe(4);
  });

  it('measures nothing for a commit that left nothing to push, or a flush no wall listened to', async () => {
    const { m, advance, read } = setUp();
    m.committed(2, false);
    advance(10);
    m.flushed(true);
    m.committed(1, true);
    advance(10);
    m.flushed(false);
    // The commit of the silent flush is not carried over to the next one.
    advance(500);
    m.flushed(true);
    const f = await read();
    expect(sampleValue(f, 'moshao_push_delay_seconds_count')).toBe(0);
    expect(sampleValue(f, 'moshao_write_batch_size_count')).toBe(2);
  });
});

describe('gauges', () => {
  it('reads each source when scraped, and registers only the ones a process has', async () => {
    const { m, read } = setUp();
    let sockets = 4;
    m.gauges({ socketClients: () => sockets, clockSeconds: () => 1_697_506_200 });
    let f = await read();
    expect(sampleValue(f, 'moshao_socket_clients')).toBe(4);
    expect(sampleValue(f, 'moshao_replay_clock_seconds')).toBe(1_697_506_200);
    expect(f.has('moshao_sqlite_wal_bytes')).toBe(false);
    sockets = 1;
    f = await read();
    expect(sampleValue(f, 'moshao_socket_clients')).toBe(1);
  });
});
