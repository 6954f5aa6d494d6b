import fc from 'fast-check';

/**
 * Building blocks of hostile input for the fuzz tests: strings, numbers, JSON values and raw bodies that real clients
 * (or attackers) send. Each arbitrary mixes a fixed list of known troublemakers with generated values.
 */

/** Strings that have broken servers somewhere: Unicode edge cases, numeric look-alikes, SQL, markup, prototype keys. */
export const NASTY_STRINGS: readonly string[] = [
  '', ' ', '\t', '\u0000', 'a\u0000b', '\uD800', '\uDFFF', 'x\uD83Dy', '\uDE00\uD83D', '\u200B', '\u200D', '\u2060', '\uFEFF',
  '\u202Eevil\u202C', '\u200F\u05D0\u05D1', '\u0627\u0644\u0639\u0631\u0628\u064A\u0629', 'e\u0301', '\uFFFD', '\uFFFF', '𝕏🙂👩‍👩‍👧',
  '藴德社区', '丁卯街道', 'Ａ１', '\u3000',
  'NaN', '-NaN', '-0', '+0', '0', '-1', '1e308', '-1e308', '1e309', '5e-324', 'Infinity', '-Infinity', '9007199254740993',
  '18446744073709551616', '0x10', '0b1', '0o7', '1_000', ' 1', '1 ', '1.5', '1,5', '١٢٣', '０',
  'true', 'false', 'null', 'undefined', '[]', '{}', '[object Object]',
  "' OR 1=1 --", "'; DROP TABLE tickets; --", '" OR ""="', "1; SELECT * FROM accounts", '%', '_', '\\', "'", '"', '`',
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>', 'javascript:alert(1)', '{{7*7}}',
  '${7*7}', '#{7*7}',
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__', 'valueOf',
  '../../etc/passwd', '..\\..\\windows\\win.ini', '/etc/passwd', 'C:\\', '%00', '%2e%2e%2f', '%252e', '\r\nSet-Cookie: x=1',
  '321171', '321171001', '321171001001', '321171001001-01', '321171999999-99', '321171001001-01\n', ' 321171001',
];

/** Keys that target JavaScript's object model rather than the schema. */
export const PROTOTYPE_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

/** A long run of one character, sometimes past the 64 KiB body limit. */
const longString = fc.tuple(fc.constantFrom('a', '藴', '\u0000', '🙂', '\u200B', "'"), fc.integer({ min: 100, max: 40_000 }))
  .map(([ch, n]) => ch.repeat(n));

/** Any string a client might send in a text field. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...NASTY_STRINGS), fc.constantFrom(...NASTY_STRINGS)).map(([a, b]) => a + b) },
  { weight: 1, arbitrary: longString },
);

/** Numbers at the edges of what JSON and SQLite can carry (NaN and Infinity become null in JSON). */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 0.5, 1e308, -1e308, 5e-324, 2 ** 31, -(2 ** 31), 2 ** 53 + 2, 2 ** 63, -(2 ** 63), 1e21, NaN, Infinity),
  fc.double(),
  fc.integer(),
);

/** Any JSON value, with hostile leaves. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString, hostileNumber, fc.boolean(), fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(hostileString, fc.constantFrom(...PROTOTYPE_KEYS)), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** Nesting deeper than any schema expects: arrays or objects, up to tens of thousands of levels (within 64 KiB). */
export const deeplyNestedJson: fc.Arbitrary<string> = fc.tuple(fc.boolean(), fc.integer({ min: 50, max: 20_000 }))
  .map(([arrays, depth]) => (arrays ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)));

/** A JSON object literal that sets a prototype key as an own property (JSON.stringify drops __proto__ otherwise). */
export const prototypePollution: fc.Arbitrary<string> = fc.tuple(fc.constantFrom(...PROTOTYPE_KEYS), hostileJson)
  .map(([key, v]) => `{"${key}":{"admin":true,"role":"admin","polluted":${JSON.stringify(v ?? null) ?? 'null'}}}`);

/**
 * A request body as bytes on the wire: a shaped object serialised, truncated or not; random JSON; deeply nested; a
 * prototype key; plain garbage; invalid UTF-8; or nothing at all.
 */
export function hostileBody(shaped: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<string | Buffer | undefined> {
  const serialised = shaped.map((o) => JSON.stringify(o));
  return fc.oneof(
    { weight: 14, arbitrary: serialised },
    { weight: 2, arbitrary: fc.tuple(serialised, fc.nat()).map(([s, n]) => s.slice(0, s.length ? n % s.length : 0)) },
    { weight: 2, arbitrary: hostileJson.map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 1, arbitrary: deeplyNestedJson },
    { weight: 1, arbitrary: prototypePollution },
    { weight: 1, arbitrary: hostileString },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.concat([Buffer.from('{"title":"'), Buffer.from(b), Buffer.from([0xff, 0xfe, 0xc0, 0xae]), Buffer.from('"}')])) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

/** Content types, right and wrong. */
export const contentType: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(undefined, 'application/json; charset=utf-16', 'application/json; charset=latin1', 'text/plain',
      'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json, text/html', '*/*', ''),
  },
);

/** Only characters HTTP can carry in a header value (tab, printable ASCII, Latin-1); the rest is dropped. */
export const headerSafe = (s: string): string => s.replace(/[^\t\x20-\x7e\x80-\xff]/g, '').slice(0, 8000);

/** A URL path segment: an encoded hostile string, or a raw one that is wrongly or doubly encoded. */
export const pathSegment: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: hostileString.map((s) => encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, '\uFFFD')).slice(0, 3000)) },
  { weight: 2, arbitrary: fc.constantFrom('%', '%ZZ', '%00', '..%2f..%2f', '%2e%2e', '%c0%ae%c0%ae', '%E0%A4%A', '%uD800', '%ED%A0%80', '%FF', '1%00', '1.0', '01', '0', '-1', '99999999999999999999', '1e3', 'NaN') },
  { weight: 2, arbitrary: hostileNumber.map((n) => encodeURIComponent(String(n))) },
);

/** One query-string value: encoded hostile text, a raw bad encoding, or a number's text. */
export const queryValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: hostileString.map((s) => encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, '\uFFFD')).slice(0, 3000)) },
  { weight: 2, arbitrary: fc.constantFrom('%', '%ZZ', '%00', '%FF', '', '1&limit=2', '1%26x%3D1', 'a%5B%5D') },
  { weight: 2, arbitrary: hostileNumber.map((n) => encodeURIComponent(String(n))) },
);

/** A query string with the route's own keys (sometimes repeated, or with [] suffixes) and strangers. */
export function hostileQuery(keys: readonly string[], good: Record<string, fc.Arbitrary<string>> = {}): fc.Arbitrary<string> {
  const key = fc.oneof(
    { weight: 6, arbitrary: keys.length ? fc.constantFrom(...keys) : fc.constant('x') },
    { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS, 'limit[]', 'scope[0]', 'a.b', '') },
  );
  const pair = key.chain((k) => (Object.hasOwn(good, k) ? fc.oneof(good[k], queryValue) : queryValue).map((v) => `${encodeURIComponent(k)}=${v}`));
  return fc.array(pair, { maxLength: 5 }).map((pairs) => (pairs.length ? '?' + pairs.join('&') : ''));
}
