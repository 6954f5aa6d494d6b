import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskEvent, maskName, maskPerson, maskPhone, maskText, maskTicket } from './masking.js';

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

describe('maskText', () => {
  it.each([
    // Numbers: mobiles in every spelling, landlines with their area code, local numbers after a word that says so, IDs.
    ['电话13812345678', '电话138****5678'],
    ['请回电 138-1234-5678。', '请回电 138-****-5678。'],
    ['+86 138 1234 5678', '+86 138 **** 5678'],
    ['8613812345678', '86138****5678'],
    ['１３８１２３４５６７８', '１３８****５６７８'],
    ['座机0511-85551234', '座机051*-****1234'],
    ['（0511）85551234', '（051*）****1234'],
    ['电话：85551234', '电话：****1234'],
    ['身份证32111119800101123X', '身份证321***********123X'],
    ['身份证 321111 19800101 123x', '身份证 321*** ******** 123x'],
    // Names: after a label, and before an honorific; a surname alone stays.
    ['联系人：李小明', '联系人：李**'],
    ['姓名：欧阳娜娜', '姓名：欧阳**'],
    ['业主王小明反映漏水', '业主王**反映漏水'],
    ['联系人李明电话13812345678', '联系人李*电话138****5678'],
    ['张小明先生家门口', '张**先生家门口'],
    ['请联系张明先生', '请联系张*先生'],
    ['张先生', '张先生'],
    ['王女士', '王女士'],
    ['找到了刘师傅和陈阿姨', '找到了刘师傅和陈阿姨'],
  ])('%s -> %s', (text, masked) => expect(maskText(text)).toBe(masked));

  it.each([
    '维修师傅已到场', '语文老师反映', '业主委员会', '物业主任到场', '用户主动撤回', '3幢201室', '20231017日', '工单 12345',
    '路灯不亮，已两天', '',
  ])('leaves %s alone', (text) => expect(maskText(text)).toBe(text));

  it('masks a ticket\'s title, description and address and a timeline note, nothing else', () => {
    const t = { id: 7, title: '电话13812345678', description: '联系人：李小明', address: '3幢201室', status: 'reported' };
    expect(maskTicket(t)).toEqual({ id: 7, title: '电话138****5678', description: '联系人：李**', address: '3幢201室', status: 'reported' });
    expect(maskEvent({ id: 1, note: '已联系王小明先生 13812345678', actor: '丁卯街道综治中心' }))
      .toEqual({ id: 1, note: '已联系王**先生 138****5678', actor: '丁卯街道综治中心' });
  });
});

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
/** A mainland mobile in the spellings residents use. */
const mobile = fc.tuple(fc.integer({ min: 3, max: 9 }), digits(9), fc.constantFrom('', ' ', '-'), fc.constantFrom('', '+86 ', '+86', '86', '0086-'))
  .map(([second, rest, sep, prefix]) => {
    const n = `1${second}${rest}`;
    return { number: n, written: `${prefix}${n.slice(0, 3)}${sep}${n.slice(3, 7)}${sep}${n.slice(7)}` };
  });
const landline = fc.tuple(digits(2), fc.integer({ min: 2, max: 9 }), fc.oneof(digits(6), digits(7)), fc.constantFrom('', '-', ' '))
  .map(([area, first, rest, sep]) => ({ number: `0${area}1${first}${rest}`, written: `0${area}1${sep}${first}${rest}` }));
const idNumber = fc.tuple(fc.integer({ min: 1, max: 9 }), digits(16), fc.constantFrom(...'0123456789Xx'))
  .map(([first, mid, last]) => ({ number: `${first}${mid}${last}`, written: `${first}${mid}${last}` }));
/** Any Chinese characters and punctuation, never a digit: the words around a number. */
const chinese = fc.array(fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCodePoint(c)) },
  { weight: 1, arbitrary: fc.constantFrom('，', '。', '：', '、', '（', '）', ' ', '\n', '先生', '女士', '联系人：', '电话', '王', '欧阳') },
), { maxLength: 12 }).map((parts) => parts.join(''));

describe('maskText, for any text', () => {
  it('never lets a phone or ID number through: at most its first three and last four digits show', () => {
    fc.assert(fc.property(chinese, fc.oneof(mobile, landline, idNumber), chinese, (before, { number, written }, after) => {
      const masked = maskText(`${before}${written}${after}`);
      const shown = masked.replace(/[^0-9\uFF10-\uFF19Xx]/g, '');
      expect(shown.includes(number)).toBe(false);
      // Only the number's digits are digits here: what shows is its head and tail (and a +86's 86).
      expect(shown.length).toBeLessThanOrEqual(7 + (written.match(/^(?:\+|00)?86/)?.[0].replace(/\D/g, '').length ?? 0));
    }), { numRuns: 500 });
  });

  it('is idempotent', () => {
    const piece = fc.oneof(chinese, mobile.map((m) => m.written), landline.map((l) => l.written), idNumber.map((i) => i.written),
      fc.constantFrom('张小明先生', '联系人：李小明', '姓名：欧阳娜娜', '业主王小明', '王女士', '电话：85551234', '3幢201室'));
    // Pieces meet at a comma, a space or a character: two numbers glued digit to digit are one other number.
    const joined = fc.array(fc.tuple(piece, fc.constantFrom('，', ' ', '、', '张', '')), { maxLength: 8 })
      .map((parts) => parts.map(([p, sep]) => (/[0-9Xx]$/.test(p) ? p + (sep || '，') : p + sep)).join(''));
    fc.assert(fc.property(joined, (text) => {
      const once = maskText(text);
      expect(maskText(once)).toBe(once);
    }), { numRuns: 500 });
  });

  it('leaves text without personal data unchanged', () => {
    // Words of ordinary reports, surnames among them, without a label or an honorific; numbers too short to be phones.
    const word = fc.oneof(
      fc.constantFrom(...Array.from('水管道路灯坏了漏请尽快修理区门口垃圾堆放噪音扰民井盖缺失绿化王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗楼栋单元室幢号元，。、：（）')),
      fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.constantFrom('幢', '室', '号', '元', '米')).map(([n, unit]) => `${n}${unit}`),
    );
    fc.assert(fc.property(fc.array(word, { maxLength: 30 }), (words) => {
      const text = words.join('');
      expect(maskText(text)).toBe(text);
    }), { numRuns: 500 });
  });
});
