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

/** `describe`, for a suite that needs Chromium. */
export function describeInChromium(suite: string, body: () => void): void {
  const decision = decide(process.env.CI, existsSync(CHROMIUM_PATH));
  if (decision === 'run') {
    describe(suite, body);
  } else if (decision === 'fail') {
    describe(suite, () => {
      it('needs a Chromium', () => {
        throw new Error(`No Chromium at ${CHROMIUM_PATH} and CI=${process.env.CI}: install it (apt-get install chromium) or set CHROMIUM_PATH.`);
      });
    });
  } else {
    console.warn(`\n!!! SKIPPING ${suite}: no Chromium at ${CHROMIUM_PATH}. Install it or set CHROMIUM_PATH; in CI this fails. !!!\n`);
    describe.skip(suite, body);
  }
}
