/**
 * Masking of personal data: staff on the grid cell page, and what residents wrote (a ticket's title, description,
 * address and timeline notes) wherever a full ticket is read. A name keeps its surname, a number its first three and
 * last four digits. Pure; the only place that decides how much shows.
 */
import type { Ticket, TicketEvent } from '../../shared/schemas/ticket.js';

/** 马明 -> 马*, 张小生 -> 张*生, 欧阳小明 -> 欧**明; a one-character name becomes *. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** ASCII and full-width digits: residents type either on a phone keyboard. */
const DIGIT = '[0-9\\uFF10-\\uFF19]';
const isDigit = (c: string): boolean => /^[0-9\uFF10-\uFF19xX]$/.test(c);

/**
 * The one rule for how much of a number shows: 11 digits or more keep their first three and last four, a shorter one
 * no head and at most half of its digits (four at most) at the tail. Separators stay where they are, so
 * 138-1234-5678 -> 138-****-5678; an ID number's final X counts as a digit.
 */
export function maskDigits(s: string): string {
  const chars = Array.from(s);
  const n = chars.filter(isDigit).length;
  const keepHead = n >= 11 ? 3 : 0;
  const keepTail = Math.min(4, Math.floor((n - keepHead) / 2));
  let k = 0;
  return chars.map((c) => {
    if (!isDigit(c)) return c;
    k += 1;
    return k <= keepHead || k > n - keepTail ? c : '*';
  }).join('');
}

/**
 * 13812341234 -> 138****1234 (a mobile number: its first three and last four). Shorter numbers keep no head and at
 * most half of their digits at the tail; separators are dropped.
 */
export function maskPhone(phone: string): string {
  return maskDigits(phone.replace(/\D/g, ''));
}

/** A person with masked name and phone; any other field of the source is dropped. */
export function maskPerson(p: { id: string; name: string; phone: string }): { id: string; name: string; phone: string } {
  return { id: p.id, name: maskName(p.name), phone: maskPhone(p.phone) };
}

// ---- Free text -------------------------------------------------------------------------------------------------

const SEP = '[\\s\\-－]?';
/**
 * No digit (or a letter glued to it, like an order number) right before or after a number we mask, nor the other half
 * of a number masked already (138****5678): masking twice changes nothing.
 */
const NOT_BEFORE = `(?<![0-9\\uFF10-\\uFF19A-Za-z])(?<!${DIGIT}[\\s\\-－*]*\\*[\\s\\-－]?)`;
const NOT_AFTER = `(?![0-9\\uFF10-\\uFF19A-Za-z])(?![\\s\\-－]?\\*[\\s\\-－*]*${DIGIT})`;

/** A resident ID number: 17 digits and a digit or X, whole or in groups of 6-8-4 or 6-4-4-4 (how forms print it). */
const ID_LAST = `(?:${DIGIT}|[Xx])`;
const ID_NUMBER = `${NOT_BEFORE}[1-9１-９](?:${DIGIT}{16}${ID_LAST}|${DIGIT}{5}${SEP}${DIGIT}{8}${SEP}${DIGIT}{3}${ID_LAST}`
  + `|${DIGIT}{5}${SEP}${DIGIT}{4}${SEP}${DIGIT}{4}${SEP}${DIGIT}{3}${ID_LAST})${NOT_AFTER}`;
/** A mainland mobile: 1[3-9] and nine more digits, with spaces or dashes anywhere, optionally after +86 / 0086 / 86. */
const MOBILE = `${NOT_BEFORE}(?:(?:\\+|00)?86${SEP})?[1１][3-9３-９](?:${SEP}${DIGIT}){9}${NOT_AFTER}`;
/** A landline with its area code: 0511-85551234, (0511) 8555 1234, 025-8xxxxxxx. */
const LANDLINE = `${NOT_BEFORE}[(（]?[0０]${DIGIT}{2,3}[)）]?${SEP}[2-9２-９](?:${SEP}${DIGIT}){6,7}${NOT_AFTER}`;
/** A local number without its area code, only right after a word that says it is one (a bare 8 digits may be a date). */
const LOCAL = `(?<=(?:电话|手机|座机|号码|联系方式|热线|回电|致电|拨打|[Tt]el|TEL)[：:\\s]{0,2})[2-9２-９](?:${SEP}${DIGIT}){6,7}${NOT_AFTER}`;
const NUMBERS = new RegExp(`${ID_NUMBER}|${MOBILE}|${LANDLINE}|${LOCAL}`, 'g');

/**
 * The most common surnames (the national ranking's first hundred or so, which cover most residents), and the compound
 * ones. A name in free text is recognised by its surname next to a word that introduces or addresses a person.
 */
const SURNAMES = new Set(Array.from(
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩邓冯曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付傅方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔赖文施洪辛柯庄葛殷倪单',
));
const COMPOUND_SURNAMES = ['欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '慕容', '令狐', '公孙', '夏侯', '尉迟', '长孙', '宇文', '司徒', '轩辕', '端木'];
const HAN = '\\p{Script=Han}';
/** Words that end a name: what usually follows one in a report. */
const STOP = '(?:电话|手机|联系|身份|证件|家|说|称|反映|报|先生|女士|小姐|老师|师傅|阿姨|大爷|大妈|奶奶|爷爷|方面|们|的|在|于|和|与|及|等)';
/** Words a name follows: 姓名：李小明, 联系人李小明. */
const LABEL = '(?:姓名|联系人|报告人|报案人|反映人|举报人|投诉人|求助人|来电人|当事人|(?<![用客])户主|(?<!物)业主|房主)';
/** Words that follow a name: 张小明先生, 王女士. */
const HONORIFIC = '(?:先生|女士|小姐|老师|师傅|阿姨|大爷|大妈|奶奶|爷爷)';
const NAME_CHAR = `(?:(?!${STOP}|${LABEL}|${HONORIFIC})${HAN})`;
const LABELLED = new RegExp(`(${LABEL})([：:]\\s*|\\s+)?(${NAME_CHAR}{2,4})`, 'gu');
const HONORIFICS = new RegExp(HONORIFIC, 'gu');
/** The name right before an honorific that ends the window (a window is at most 4 characters and the honorific). */
const ADDRESSED_IN_WINDOW = new RegExp(`(${NAME_CHAR}{1,4})(?=${HONORIFIC}$)`, 'u');
/** Code units before an honorific where its name may start: four characters, each at most two units. */
const ADDRESSED_WINDOW_UNITS = 8;
const ANY_DIGIT = /[0-9\uFF10-\uFF19]/;

/** A country prefix (+86, 0086, 86) is not part of the number: 3 + 4 digits of the number itself show. */
const COUNTRY_PREFIX = /^(?:\+|00)?86[\s\-－]?(?=[1１][3-9３-９])/;
function maskNumber(s: string): string {
  const prefix = Array.from(s).filter(isDigit).length > 11 ? (COUNTRY_PREFIX.exec(s)?.[0] ?? '') : '';
  return prefix + maskDigits(s.slice(prefix.length));
}

const stars = (s: string): string => '*'.repeat(Array.from(s).length);

/** Length of the surname at the start of `s` (2 for a compound one, 1 for a known one), or 0. */
function surnameAt(s: string, known: boolean): number {
  if (COMPOUND_SURNAMES.some((c) => s.startsWith(c))) return 2;
  return known || SURNAMES.has(Array.from(s)[0] ?? '') ? 1 : 0;
}

/**
 * A name after a label: the surname stays, up to two characters of given name become stars. With a colon or space
 * any character may be the surname (姓名：某某); glued to the label it must be a known one (业主委员会 is no name).
 */
function maskLabelled(_m: string, label: string, sep: string | undefined, run: string): string {
  const chars = Array.from(run);
  const surname = surnameAt(run, sep !== undefined);
  if (surname === 0) return label + (sep ?? '') + run;
  const given = Math.min(2, chars.length - surname);
  if (given < 1) return label + (sep ?? '') + run;
  return label + (sep ?? '') + chars.slice(0, surname).join('') + stars(chars.slice(surname, surname + given).join('')) + chars.slice(surname + given).join('');
}

/**
 * The characters before an honorific: the name is the earliest known surname that leaves at most two characters of
 * given name, which become stars (张小明先生 -> 张**先生, 请联系张明先生 -> 请联系张*先生). A surname alone stays
 * (王女士, 李师傅): it names no one. Without a known surname nothing changes (维修师傅, 语文老师).
 */
function maskAddressed(run: string): string {
  const chars = Array.from(run);
  for (let i = 0; i < chars.length; i++) {
    const surname = surnameAt(chars.slice(i).join(''), false);
    if (surname === 0 || chars.length - (i + surname) > 2) continue;
    return chars.slice(0, i + surname).join('') + stars(chars.slice(i + surname).join(''));
  }
  return run;
}

/**
 * Every name addressed with an honorific, masked. The honorifics are found first and only the few characters before
 * each are looked at: a scan for names at every character costs a list page of long reports a tenth of a second.
 */
function maskAddressedNames(text: string): string {
  let out = '';
  let done = 0;
  for (const m of text.matchAll(HONORIFICS)) {
    const at = m.index;
    const from = Math.max(done, at - ADDRESSED_WINDOW_UNITS);
    const run = ADDRESSED_IN_WINDOW.exec(text.slice(from, at + m[0].length))?.[1];
    if (!run) continue;
    out += text.slice(done, at - run.length) + maskAddressed(run);
    done = at;
  }
  return out + text.slice(done);
}

/**
 * Free text with its personal data masked: mobile and landline numbers, resident ID numbers, and names introduced by
 * a label (姓名, 联系人, 业主…) or addressed with an honorific (先生, 女士, 老师, 师傅, 阿姨…). Idempotent; text
 * without any of these comes back unchanged. A name with neither (王小明家门口) cannot be told from other words and
 * stays.
 */
export function maskText(text: string): string {
  const numbersMasked = ANY_DIGIT.test(text) ? text.replace(NUMBERS, maskNumber) : text;
  return maskAddressedNames(numbersMasked.replace(LABELLED, maskLabelled));
}

/** A full ticket as every logged-in reader gets it: what the resident wrote, masked. Other fields untouched. */
export function maskTicket<T extends Pick<Ticket, 'title' | 'description' | 'address'>>(t: T): T {
  return { ...t, title: maskText(t.title), description: maskText(t.description), address: maskText(t.address) };
}

/** A timeline step with its note masked. */
export function maskEvent<E extends Pick<TicketEvent, 'note'>>(e: E): E {
  return { ...e, note: maskText(e.note) };
}
