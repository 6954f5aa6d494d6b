import { describe, expect, it } from 'vitest';
import { COMMON_PASSWORDS } from './common-passwords.js';
import { weakPasswordReason } from './password-policy.js';

const refused: [string, string, string, RegExp][] = [
  ['too short', 'Xk9#mQ2', 'anna', /at least 10 characters/],
  ['the username itself', 'zhang.wei.01', 'zhang.wei.01', /username/],
  ['the username inside', 'MyDingmao-2024', 'dingmao', /username/],
  ['one character repeated', 'aaaaaaaaaaaa', 'anna', /fewer than 4 different/],
  ['two characters alternating', 'abababababab', 'anna', /fewer than 4 different/],
  ['a run of letters', 'abcdefghijkl', 'anna', /run of consecutive/],
  ['a run of digits backwards', '9876543210', 'anna', /run of consecutive|common/],
  ['digits only (a phone number)', '13912345678', 'anna', /only digits/],
  ['1234567890', '1234567890', 'anna', /common/],
  ['password123', 'password123', 'anna', /common/],
  ['moshao123', 'moshao1234', 'anna', /common/],
  ['a common word with digits and symbols around it', '!!Sunshine2024', 'anna', /common/],
  ['a common word in capitals', 'PASSWORD2024', 'anna', /common/],
  ['look-alike characters', 'P@ssw0rd2024!', 'anna', /common/],
  ['pinyin favourite', 'woaini1314520', 'anna', /common/],
  ['qwertyuiop', 'qwertyuiop', 'anna', /common/],
];

describe('weakPasswordReason', () => {
  for (const [what, password, username, reason] of refused) {
    it(`refuses ${what}`, () => {
      expect(weakPasswordReason(password, username)).toMatch(reason);
    });
  }

  it('accepts passwords that are long, varied and not in the list', () => {
    for (const ok of ['correct horse battery staple', 'Tq7-vz2k-pLm9', '丁卯街道网格巡查2024', 'a-long-password', 'extra-test-password']) {
      expect(weakPasswordReason(ok, 'dingmao')).toBeNull();
    }
  });

  it('refuses every listed password of 10 or more characters as it is', () => {
    const long = COMMON_PASSWORDS.filter((p) => p.length >= 10);
    expect(long.length).toBeGreaterThan(20);
    for (const p of long) expect(weakPasswordReason(p, 'anna'), p).not.toBeNull();
  });
});
