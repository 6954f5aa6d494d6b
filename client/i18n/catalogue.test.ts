import { describe, expect, it } from 'vitest';
import { compose } from './compose.js';
import { DRILL_MESSAGES } from './use-drill-messages.js';
import { WALL_MESSAGES } from './use-messages.js';

/** Every string leaf of a catalogue, by its dotted path (functions count as leaves). */
function leaves(value: unknown, path = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value === 'string' || typeof value === 'function') out.set(path, typeof value);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) for (const [p, kind] of leaves(v, path ? `${path}.${k}` : k)) out.set(p, kind);
  }
  return out;
}

describe('the catalogue', () => {
  it('states the shared terms once: the wall and the supervisors’ pages read the same objects', () => {
    for (const lang of ['zh', 'en'] as const) {
      for (const key of ['statuses', 'channels', 'reporterRoles', 'tiers', 'kpi', 'measures', 'measureLong', 'trend', 'modules', 'supervise'] as const) {
        expect(WALL_MESSAGES[lang][key], `${lang}.${key}`).toBe(DRILL_MESSAGES[lang][key]);
      }
    }
  });

  it('has the same keys, of the same kind, in English as in Chinese', () => {
    expect([...leaves(WALL_MESSAGES.en)]).toEqual([...leaves(WALL_MESSAGES.zh)]);
    expect([...leaves(DRILL_MESSAGES.en)]).toEqual([...leaves(DRILL_MESSAGES.zh)]);
    expect(WALL_MESSAGES.zh.statuses.in_progress).toBe('处置中');
    expect(DRILL_MESSAGES.en.statuses.in_progress).toBe('In progress');
  });

  it('refuses a section that restates a shared term', () => {
    // @ts-expect-error: `statuses` is a shared term; a section may not carry it again.
    const both = compose({ statuses: { closed: '结案' } }, { statuses: { closed: 'closed' }, title: 'x' });
    expect(both.title).toBe('x');
  });
});
