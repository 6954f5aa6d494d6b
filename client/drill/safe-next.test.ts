import { describe, expect, it } from 'vitest';
import { DEFAULT_NEXT, safeNext } from './safe-next.js';

// [what, the "next" as the router reads it from the query (already decoded once), what the login goes to]
const table: [string, string | null, string][] = [
  ['a drill page', '/drill/ticket/7', '/drill/ticket/7'],
  ['the admin page with a query and a hash', '/admin?tab=tokens#top', '/admin?tab=tokens#top'],
  ['a path with dot segments, normalised', '/drill/../admin', '/admin'],
  ['an encoded Chinese path, kept', '/drill/%E4%B8%81', '/drill/%E4%B8%81'],
  ['nothing', null, DEFAULT_NEXT],
  ['an empty string', '', DEFAULT_NEXT],
  ['a relative path', 'drill', DEFAULT_NEXT],
  ['an absolute http URL', 'http://evil.example/x', DEFAULT_NEXT],
  ['an absolute https URL', 'https://evil.example', DEFAULT_NEXT],
  ['a javascript: URL', 'javascript:alert(1)', DEFAULT_NEXT],
  ['a scheme without slashes', 'http:evil.example', DEFAULT_NEXT],
  ['a scheme-relative URL', '//evil.example/x', DEFAULT_NEXT],
  ['three slashes', '///evil.example/x', DEFAULT_NEXT],
  ['slash backslash', '/\\evil.example/x', DEFAULT_NEXT],
  ['two backslashes', '\\\\evil.example/x', DEFAULT_NEXT],
  ['a backslash deeper in the path', '/drill\\..\\..\\evil', DEFAULT_NEXT],
  ['an encoded backslash', '/%5Cevil.example/x', DEFAULT_NEXT],
  ['an encoded backslash, lower case', '/%5cevil.example/x', DEFAULT_NEXT],
  ['an encoded second slash', '/%2Fevil.example/x', DEFAULT_NEXT],
  ['a double-encoded backslash', '/%255Cevil.example/x', DEFAULT_NEXT],
  ['a triple-encoded slash', '/%25252Fevil.example', DEFAULT_NEXT],
  ['an encoding nested too deep to be a real link', '/%2525252525252F', DEFAULT_NEXT],
  ['a tab that browsers strip (/<tab>/evil)', '/\t/evil.example', DEFAULT_NEXT],
  ['a newline', '/\n/evil.example', DEFAULT_NEXT],
  ['a NUL', '/drill\u0000', DEFAULT_NEXT],
  ['an encoded tab', '/%09/evil.example', DEFAULT_NEXT],
  ['a C1 control', '/drill\u0085', DEFAULT_NEXT],
  ['a malformed escape', '/drill/%E4%B8', DEFAULT_NEXT],
  ['a leading space before //', ' //evil.example', DEFAULT_NEXT],
];

describe('safeNext (the login redirect target)', () => {
  for (const [what, raw, expected] of table) {
    it(`${what}: ${JSON.stringify(raw)} -> ${expected}`, () => {
      expect(safeNext(raw)).toBe(expected);
    });
  }

  it('never answers anything a browser would resolve to another origin', () => {
    for (const [, raw] of table) {
      const target = new URL(safeNext(raw), 'https://moshao.example');
      expect(target.origin).toBe('https://moshao.example');
    }
  });
});
