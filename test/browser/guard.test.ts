import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide, isCi } from './guard.js';

const HERE = new URL('.', import.meta.url);

describe('the browser-test guard', () => {
  it.each(['1', 'true', 'TRUE', 'yes', 'on', ' true '])('takes CI=%j as CI', (value) => {
    expect(isCi(value)).toBe(true);
  });

  it.each([undefined, '', ' ', '0', 'false', 'False'])('takes CI=%j as a local run', (value) => {
    expect(isCi(value)).toBe(false);
  });

  it('fails in CI without Chromium, skips locally, and runs whenever Chromium is there', () => {
    expect(decide('1', false)).toBe('fail');
    expect(decide('yes', false)).toBe('fail');
    expect(decide(undefined, false)).toBe('skip');
    expect(decide('false', false)).toBe('skip');
    expect(decide('true', true)).toBe('run');
    expect(decide(undefined, true)).toBe('run');
  });

  it('gates every browser test file, and none skips by itself', () => {
    const files = readdirSync(HERE).filter((f) => f.endsWith('.test.ts') && f !== 'guard.test.ts');
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const f of files) {
      const source = readFileSync(new URL(f, HERE), 'utf8');
      expect(source, f).toMatch(/^describeInChromium\(/m);
      expect(source, f).not.toMatch(/\.(skip|skipIf|runIf|todo)\b/);
    }
  });
});
