import type { FastifyInstance } from 'fastify';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const fix = (s: string): string => s.replace(LONE_SURROGATE, '\uFFFD');

/**
 * Replaces every lone surrogate in the strings (and keys) of a freshly parsed body with U+FFFD, as a UTF-8 decoder
 * would, in place. JSON can carry "\ud800"; UTF-8 cannot, and SQLite would store the broken bytes: what the API served
 * from memory would then differ from what it serves after a restart. Iterative: a body may nest 30,000 levels deep.
 */
export function wellFormed(value: unknown): unknown {
  if (typeof value === 'string') return fix(value);
  const stack: unknown[] = [value];
  while (stack.length) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const v = record[key];
      const k = fix(key);
      if (k !== key) delete record[key];
      if (typeof v === 'string') {
        const fixed = fix(v);
        if (k !== key || fixed !== v) record[k] = fixed;
      } else {
        if (k !== key) record[k] = v;
        stack.push(v);
      }
    }
  }
  return value;
}

/** Every parsed request body is made well-formed before validation, so no route stores a lone surrogate. */
export function registerWellFormedText(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    if (req.body !== undefined && req.body !== null) req.body = wellFormed(req.body);
  });
}
