import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';

/*
 * The one gate of every browser test file. With Chromium the suite runs. Without it, under CI the suite is one failing
 * test (a green CI run must mean the wall was tested in a browser), and locally it is skipped with a loud notice.
 */

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** CI is on when the variable is set to anything but empty, `0` or `false` (CI=1, CI=true, CI=yes all count). */
export function isCi(value: string | undefined): boolean {
  const v = (value ?? '').trim().toLowerCase();
  return v !== '' && v !== '0' && v !== 'false';
}

export type GuardDecision = 'run' | 'fail' | 'skip';

export function decide(ci: string | undefined, hasChromium: boolean): GuardDecision {
  if (hasChromium) return 'run';
  return isCi(ci) ? 'fail' : 'skip';
}

/** What a suite needs on the machine, as the notices name it. */
export interface Need {
  /** e.g. 'Chromium', 'redis-server'. */
  name: string;
  path: string;
  /** The variable that points elsewhere, e.g. CHROMIUM_PATH. */
  variable: string;
  /** How to get it, e.g. 'apt-get install chromium'. */
  install: string;
}

/** `describe`, for a suite that needs a program at `need.path`: run, one failing test under CI, or skipped loudly. */
export function describeNeeding(need: Need, suite: string, body: () => void): void {
  const decision = decide(process.env.CI, existsSync(need.path));
  if (decision === 'run') {
    describe(suite, body);
  } else if (decision === 'fail') {
    describe(suite, () => {
      it(`needs a ${need.name}`, () => {
        throw new Error(`No ${need.name} at ${need.path} and CI=${process.env.CI}: install it (${need.install}) or set ${need.variable}.`);
      });
    });
  } else {
    console.warn(`\n!!! SKIPPING ${suite}: no ${need.name} at ${need.path}. Install it or set ${need.variable}; in CI this fails. !!!\n`);
    describe.skip(suite, body);
  }
}

/** `describe`, for a suite that needs Chromium. */
export function describeInChromium(suite: string, body: () => void): void {
  describeNeeding({ name: 'Chromium', path: CHROMIUM_PATH, variable: 'CHROMIUM_PATH', install: 'apt-get install chromium' }, suite, body);
}
