import type { FastifyInstance } from 'fastify';

/**
 * "METHOD /path" of every registered route except the HEAD twins of GETs, read from app.printRoutes()'s tree. The
 * tree, not the flat listing (commonPrefix: false): the flat one leaves out a wildcard under a prefix, such as
 * /open311/v2/*. The static files' catch-all /* is named `*`, as the flat listing names it.
 */
export function registeredRoutes(instance: FastifyInstance): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  for (const line of instance.printRoutes().split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1].length / 4;
    stack.length = depth;
    stack.push(m[2]);
    const path = stack.join('') === '/*' ? '*' : stack.join('');
    for (const method of (m[3] ?? '').split(', ').filter((x) => x && x !== 'HEAD')) out.push(`${method} ${path}`);
  }
  return out;
}
