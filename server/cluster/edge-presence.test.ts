import { describe, expect, it } from 'vitest';
import { createEdgePresence, PRESENCE_TIMEOUT_MS } from './edge-presence.js';

describe("the writer's view of its edges", () => {
  it('counts a subscription at once, and the next report replaces what an edge watches', () => {
    const t = 0;
    const p = createEdgePresence(() => t);
    expect(p.watched('321171')).toBe(false);
    p.subscribed('edge-a', '321171');
    expect(p.watched('321171')).toBe(true);
    p.reported('edge-a', ['321171001'], ['s1']);
    expect(p.watched('321171')).toBe(false);
    expect(p.watched('321171001')).toBe(true);
  });

  it('lets the interest of a silent edge lapse and hands back the sockets it held', () => {
    let t = 0;
    const p = createEdgePresence(() => t);
    p.reported('edge-a', ['321171'], ['s1', 's2']);
    p.reported('edge-b', ['321171002'], ['s3']);
    t = PRESENCE_TIMEOUT_MS - 1;
    p.reported('edge-b', ['321171002'], ['s3']);
    expect(p.expire()).toEqual([]);
    t = PRESENCE_TIMEOUT_MS + 1;
    expect(p.watched('321171')).toBe(false);
    expect(p.watched('321171002')).toBe(true);
    expect(p.expire().sort()).toEqual(['s1', 's2']);
    expect(p.expire()).toEqual([]);
  });

  it('remembers a socket that reported health before the next presence report', () => {
    let t = 0;
    const p = createEdgePresence(() => t);
    p.socketSeen('edge-a', 's9');
    t = PRESENCE_TIMEOUT_MS + 1;
    expect(p.expire()).toEqual(['s9']);
  });
});
