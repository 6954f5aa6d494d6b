import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';

describe('MOSHAO_ROLE and the cluster settings', () => {
  it("defaults to one process ('all') that needs no Redis", () => {
    expect(loadConfig({})).toMatchObject({ MOSHAO_ROLE: 'all' });
    expect(loadConfig({}).MOSHAO_REDIS_URL).toBeUndefined();
  });

  it('takes a writer with its Redis and an edge with its Redis and writer', () => {
    expect(loadConfig({ MOSHAO_ROLE: 'writer', MOSHAO_REDIS_URL: 'redis://127.0.0.1:6379' })).toMatchObject({ MOSHAO_ROLE: 'writer' });
    expect(loadConfig({ MOSHAO_ROLE: 'edge', MOSHAO_REDIS_URL: 'redis://10.0.0.5:6379', MOSHAO_WRITER_URL: 'http://10.0.0.4:3000' }))
      .toMatchObject({ MOSHAO_ROLE: 'edge', MOSHAO_WRITER_URL: 'http://10.0.0.4:3000' });
  });

  for (const [env, message] of [
    [{ MOSHAO_ROLE: 'proxy' }, 'Invalid MOSHAO_ROLE="proxy": must be one of all, writer, edge'],
    [{ MOSHAO_ROLE: 'writer' }, 'Invalid MOSHAO_REDIS_URL="": MOSHAO_ROLE=writer needs'],
    [{ MOSHAO_ROLE: 'edge', MOSHAO_REDIS_URL: 'redis://127.0.0.1:6379' }, 'Invalid MOSHAO_WRITER_URL="": MOSHAO_ROLE=edge needs'],
    [{ MOSHAO_ROLE: 'edge', MOSHAO_REDIS_URL: '127.0.0.1:6379', MOSHAO_WRITER_URL: 'http://x' }, 'Invalid MOSHAO_REDIS_URL="127.0.0.1:6379": must be a redis://'],
    [{ MOSHAO_ROLE: 'edge', MOSHAO_REDIS_URL: 'redis://r', MOSHAO_WRITER_URL: 'writer:3000' }, 'Invalid MOSHAO_WRITER_URL="writer:3000": must be an http://'],
  ] as const) {
    it(`stops on ${JSON.stringify(env)} with one line naming the variable`, () => {
      expect(() => loadConfig(env)).toThrow(message);
    });
  }
});
