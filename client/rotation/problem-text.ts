import type { WallMessages } from '../i18n/use-messages.js';
import { ROTATE_DEFAULT_SECONDS, ROTATE_MIN_SECONDS, type RotationProblem } from './parse-rotation.js';

/** One line naming what was wrong with the rotation URL, in the wall's language. Pure. */
export function problemText(t: WallMessages, p: RotationProblem): string {
  switch (p.kind) {
    case 'empty':
      return t.rotation.problem.empty;
    case 'unknownCodes':
      return t.rotation.problem.unknownCodes(p.codes.join(', '));
    case 'notInWorld':
      return t.rotation.problem.notInWorld(p.codes.join(', '));
    case 'tooShort':
      return t.rotation.problem.tooShort(p.value, ROTATE_MIN_SECONDS);
    case 'notANumber':
      return t.rotation.problem.notANumber(p.value, ROTATE_DEFAULT_SECONDS);
  }
}
