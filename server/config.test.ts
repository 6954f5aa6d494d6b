import { describe, expect, it } from 'vitest';
import { DEMO_DEFAULT_START_MS, REPLAY_SPEED_MAX, REPLAY_YEAR_START_MS } from '../shared/constants.js';
import { allowedOriginsOf, isLoopbackHost, loadConfig, replayStartOf, trustedProxiesOf } from './config.js';

describe('configuration from the environment', () => {
  it('has defaults for everything', () => {
    expect(loadConfig({})).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', MOSHAO_DB: 'data/moshao.db', MOSHAO_MODE: 'demo', MOSHAO_REPLAY_LOOP: true, MOSHAO_DEMO_CONTROLS: 'open' });
  });

  it('parses numbers, booleans and modes', () => {
    expect(loadConfig({ PORT: '8080', MOSHAO_MODE: 'live', MOSHAO_REPLAY_SPEED: '0', MOSHAO_REPLAY_LOOP: 'false', MOSHAO_DB: ':memory:' }))
      .toMatchObject({ PORT: 8080, MOSHAO_MODE: 'live', MOSHAO_REPLAY_SPEED: 0, MOSHAO_REPLAY_LOOP: false, MOSHAO_DB: ':memory:' });
  });

  it('takes MOSHAO_DEMO_CONTROLS=supervisors, and the same speed bound as replay commands', () => {
    expect(loadConfig({ MOSHAO_DEMO_CONTROLS: 'supervisors', MOSHAO_REPLAY_SPEED: String(REPLAY_SPEED_MAX) }))
      .toMatchObject({ MOSHAO_DEMO_CONTROLS: 'supervisors', MOSHAO_REPLAY_SPEED: REPLAY_SPEED_MAX });
    expect(() => loadConfig({ MOSHAO_DEMO_CONTROLS: 'nobody' })).toThrow('Invalid MOSHAO_DEMO_CONTROLS="nobody": must be one of open, supervisors');
  });

  it('lets anyone drive the demo only on a loopback HOST, unless MOSHAO_DEMO_CONTROLS says otherwise', () => {
    for (const host of ['127.0.0.1', '127.8.9.10', '::1', '[::1]', 'localhost', 'LOCALHOST']) {
      expect(isLoopbackHost(host)).toBe(true);
      expect(loadConfig({ HOST: host }).MOSHAO_DEMO_CONTROLS).toBe('open');
    }
    for (const host of ['0.0.0.0', '::', '192.168.1.20', '10.0.0.5', 'moshao.example', '128.0.0.1', '::ffff:127.0.0.1']) {
      expect(isLoopbackHost(host)).toBe(false);
      expect(loadConfig({ HOST: host }).MOSHAO_DEMO_CONTROLS).toBe('supervisors');
    }
    expect(loadConfig({ HOST: '0.0.0.0', MOSHAO_DEMO_CONTROLS: 'open' }).MOSHAO_DEMO_CONTROLS).toBe('open');
    expect(loadConfig({ HOST: '127.0.0.1', MOSHAO_DEMO_CONTROLS: 'supervisors' }).MOSHAO_DEMO_CONTROLS).toBe('supervisors');
  });

  it('trusts forwarded addresses from loopback only, unless MOSHAO_TRUSTED_PROXIES lists more', () => {
    expect(trustedProxiesOf(loadConfig({}))).toEqual(['127.0.0.0/8', '::1']);
    expect(trustedProxiesOf(loadConfig({ MOSHAO_TRUSTED_PROXIES: '10.0.0.0/8, 192.168.4.7 ,fd00::/8' }))).toEqual(['10.0.0.0/8', '192.168.4.7', 'fd00::/8']);
    expect(() => loadConfig({ MOSHAO_TRUSTED_PROXIES: '10.0.0.0/33' }))
      .toThrow('Invalid MOSHAO_TRUSTED_PROXIES="10.0.0.0/33": "10.0.0.0/33" is not an address or CIDR, e.g. 127.0.0.0/8,::1,10.0.0.0/8');
  });

  it('starts a fresh demo on the autumn morning unless MOSHAO_REPLAY_FROM says where, which then holds at every start', () => {
    expect(replayStartOf(loadConfig({}))).toEqual({ at: DEMO_DEFAULT_START_MS, always: false });
    expect(new Date(DEMO_DEFAULT_START_MS).toISOString()).toBe('2023-10-17T01:30:00.000Z');
    expect(replayStartOf(loadConfig({ MOSHAO_REPLAY_FROM: 'start' }))).toEqual({ at: REPLAY_YEAR_START_MS, always: true });
    expect(replayStartOf(loadConfig({ MOSHAO_REPLAY_FROM: '2023-03-01T08:00:00+08:00' })))
      .toEqual({ at: Date.parse('2023-03-01T08:00:00+08:00'), always: true });
  });

  it('reads the backup schedule', () => {
    expect(loadConfig({})).toMatchObject({ MOSHAO_BACKUP_INTERVAL_MINUTES: 60, MOSHAO_BACKUP_KEEP: 24 });
    expect(loadConfig({}).MOSHAO_BACKUP_DIR).toBeUndefined();
    expect(loadConfig({ MOSHAO_BACKUP_DIR: '/var/backups/moshao', MOSHAO_BACKUP_INTERVAL_MINUTES: '15', MOSHAO_BACKUP_KEEP: '96' }))
      .toMatchObject({ MOSHAO_BACKUP_DIR: '/var/backups/moshao', MOSHAO_BACKUP_INTERVAL_MINUTES: 15, MOSHAO_BACKUP_KEEP: 96 });
  });

  it('reads the metrics token and the log level, info and plain JSON by default', () => {
    expect(loadConfig({})).toMatchObject({ MOSHAO_LOG_LEVEL: 'info', MOSHAO_LOG_PRETTY: false });
    expect(loadConfig({}).MOSHAO_METRICS_TOKEN).toBeUndefined();
    expect(loadConfig({ MOSHAO_METRICS_TOKEN: 'scrape-token-0123456789', MOSHAO_LOG_LEVEL: 'warn', MOSHAO_LOG_PRETTY: 'true' }))
      .toMatchObject({ MOSHAO_METRICS_TOKEN: 'scrape-token-0123456789', MOSHAO_LOG_LEVEL: 'warn', MOSHAO_LOG_PRETTY: true });
    expect(() => loadConfig({ MOSHAO_LOG_LEVEL: 'verbose' })).toThrow('Invalid MOSHAO_LOG_LEVEL="verbose": must be one of fatal, error, warn, info, debug, trace, silent');
  });

  it('reads the 督办 settings: private targets and real sends in the demo off by default, the public URL optional', () => {
    expect(loadConfig({})).toMatchObject({ MOSHAO_NOTIFY_PRIVATE_TARGETS: false, MOSHAO_NOTIFY_IN_DEMO: false });
    expect(loadConfig({}).MOSHAO_PUBLIC_URL).toBeUndefined();
    expect(loadConfig({ MOSHAO_NOTIFY_PRIVATE_TARGETS: 'true', MOSHAO_NOTIFY_IN_DEMO: '1', MOSHAO_PUBLIC_URL: 'https://moshao.example.cn' }))
      .toMatchObject({ MOSHAO_NOTIFY_PRIVATE_TARGETS: true, MOSHAO_NOTIFY_IN_DEMO: true, MOSHAO_PUBLIC_URL: 'https://moshao.example.cn' });
    expect(() => loadConfig({ MOSHAO_PUBLIC_URL: 'moshao.example.cn' })).toThrow('Invalid MOSHAO_PUBLIC_URL="moshao.example.cn": must be an http:// or https:// URL');
    expect(() => loadConfig({ MOSHAO_NOTIFY_IN_DEMO: 'maybe' })).toThrow(/^Invalid MOSHAO_NOTIFY_IN_DEMO=/);
  });

  for (const [name, value] of [['MOSHAO_METRICS_TOKEN', 'short'], ['MOSHAO_LOG_PRETTY', 'yes'], ['MOSHAO_BACKUP_INTERVAL_MINUTES', '0'], ['MOSHAO_BACKUP_KEEP', '2.5'], ['MOSHAO_BACKUP_KEEP', 'all'], ['MOSHAO_REPLAY_FROM', '2024-01-05T00:00:00Z'], ['MOSHAO_REPLAY_FROM', 'soon'], ['PORT', 'abc'], ['MOSHAO_REPLAY_SPEED', String(REPLAY_SPEED_MAX + 1)], ['MOSHAO_REPLAY_SPEED', '-5'], ['MOSHAO_DEMO_CONTROLS', 'all'], ['PORT', '70000'], ['MOSHAO_MODE', 'prod'], ['MOSHAO_REPLAY_LOOP', 'maybe'], ['MOSHAO_INTAKE_TOKEN', 'short'], ['MOSHAO_TRUSTED_PROXIES', 'private'], ['MOSHAO_TRUSTED_PROXIES', '10.0.0.0/8,10.1/16'], ['MOSHAO_TRUSTED_PROXIES', '::1/129']]) {
    it(`stops on ${name}=${value} with one line naming the variable`, () => {
      expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Invalid ${name}=`));
      try {
        loadConfig({ [name]: value });
      } catch (err) {
        expect((err as Error).message.split('\n')).toHaveLength(1);
      }
    });
  }

  it('reads the socket limits: sockets per address (1..100000, default 200) and the allowed origins (none by default)', () => {
    expect(loadConfig({})).toMatchObject({ MOSHAO_SOCKETS_PER_ADDRESS: 200, MOSHAO_ALLOWED_ORIGINS: '' });
    expect(allowedOriginsOf(loadConfig({}))).toEqual([]);
    const config = loadConfig({ MOSHAO_SOCKETS_PER_ADDRESS: '1000', MOSHAO_ALLOWED_ORIGINS: 'https://Wall.Example.org:443, http://10.0.0.5:8080' });
    expect(config.MOSHAO_SOCKETS_PER_ADDRESS).toBe(1000);
    expect(allowedOriginsOf(config)).toEqual(['https://wall.example.org', 'http://10.0.0.5:8080']);
    expect(() => loadConfig({ MOSHAO_SOCKETS_PER_ADDRESS: '0' })).toThrow(/^Invalid MOSHAO_SOCKETS_PER_ADDRESS="0"/);
    expect(() => loadConfig({ MOSHAO_SOCKETS_PER_ADDRESS: '2.5' })).toThrow(/^Invalid MOSHAO_SOCKETS_PER_ADDRESS/);
    expect(() => loadConfig({ MOSHAO_ALLOWED_ORIGINS: 'wall.example.org' })).toThrow('Invalid MOSHAO_ALLOWED_ORIGINS="wall.example.org": must be origins separated by commas');
    expect(() => loadConfig({ MOSHAO_ALLOWED_ORIGINS: 'https://wall.example.org/page' })).toThrow(/^Invalid MOSHAO_ALLOWED_ORIGINS/);
  });
});
