import { describe, expect, it } from 'vitest';
import { maskName, maskPerson, maskPhone } from './masking.js';

describe('maskName', () => {
  it.each([
    ['马明', '马*'],
    ['张小生', '张*生'],
    ['欧阳小明', '欧**明'],
    ['王', '*'],
    ['', '*'],
    [' 李四 ', '李*'],
    ['𠀋一丁', '𠀋*丁'], // a character outside the BMP counts as one
  ])('%s -> %s', (name, masked) => expect(maskName(name)).toBe(masked));
});

describe('maskPhone', () => {
  it.each([
    ['13812341234', '138****1234'],
    ['138-1234-1234', '138****1234'],
    ['051185551234', '051*****1234'],
    ['85551234', '****1234'],
    ['1234', '**34'],
    ['', ''],
  ])('%s -> %s', (phone, masked) => expect(maskPhone(phone)).toBe(masked));

  it('keeps 3 + 4 digits of 11 or more and at most half of a shorter number', () => {
    for (let n = 1; n <= 15; n++) {
      const masked = maskPhone('9'.repeat(n));
      expect(masked.replace(/\*/g, '').length).toBeLessThanOrEqual(Math.floor(n / 2) + (n >= 11 ? 3 : 0));
      expect(masked).toHaveLength(n);
    }
  });
});

describe('maskPerson', () => {
  it('keeps only id, masked name and masked phone', () => {
    const person = { id: 's1', name: '张小生', phone: '13812341234', idCard: '320000199001011234' };
    expect(maskPerson(person)).toEqual({ id: 's1', name: '张*生', phone: '138****1234' });
  });
});
