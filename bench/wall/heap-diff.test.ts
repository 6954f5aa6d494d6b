import { describe, expect, it } from 'vitest';
import { diffHeaps, formatHeapDiff, parseHeap, type HeapSnapshotJson } from './heap-diff.js';

const NODE_TYPES = ['hidden', 'array', 'string', 'object', 'code', 'closure', 'regexp', 'number', 'native', 'synthetic', 'concatenated string', 'sliced string'];
const EDGE_TYPES = ['context', 'element', 'property', 'internal', 'hidden', 'shortcut', 'weak'];
const NODE_FIELDS = 5;

/** A snapshot by hand: nodes as [type, name, id, selfSize, edges [type, name, to node index]]. */
function snapshot(nodes: [string, string, number, number, [string, string | number, number][]][]): HeapSnapshotJson {
  const strings: string[] = [];
  const str = (s: string) => (strings.includes(s) ? strings.indexOf(s) : strings.push(s) - 1);
  const flatNodes: number[] = [];
  const flatEdges: number[] = [];
  for (const [type, name, id, size, edges] of nodes) {
    flatNodes.push(NODE_TYPES.indexOf(type), str(name), id, size, edges.length);
    for (const [etype, ename, to] of edges) flatEdges.push(EDGE_TYPES.indexOf(etype), typeof ename === 'number' ? ename : str(ename), to * NODE_FIELDS);
  }
  return {
    snapshot: {
      meta: {
        node_fields: ['type', 'name', 'id', 'self_size', 'edge_count'],
        node_types: [NODE_TYPES, 'string', 'number', 'number', 'number'],
        edge_fields: ['type', 'name_or_index', 'to_node'],
        edge_types: [EDGE_TYPES, 'string_or_number', 'node'],
      },
    },
    nodes: flatNodes,
    edges: flatEdges,
    strings,
  };
}

// The page: a root, a Window holding a Map of labels. Between the snapshots two new clock labels went into the Map,
// an old label was dropped and a Foo appeared that only a weak reference holds.
const start = snapshot([
  ['synthetic', '(root)', 1, 0, [['element', 1, 1]]],
  ['object', 'Window', 3, 100, [['property', 'labels', 2]]],
  ['object', 'Map', 5, 40, [['element', 0, 3]]],
  ['string', '09:00:00', 7, 24, []],
]);
const end = snapshot([
  ['synthetic', '(root)', 1, 0, [['element', 1, 1], ['weak', 2, 5]]],
  ['object', 'Window', 3, 100, [['property', 'labels', 2]]],
  ['object', 'Map', 5, 56, [['element', 0, 3], ['element', 1, 4]]],
  ['string', '12:00:01', 9, 24, []],
  ['concatenated string', '12:00:02', 11, 32, []],
  ['object', 'Foo', 13, 16, []],
]);

describe('heap diff', () => {
  it('counts classes and self sizes of one snapshot', () => {
    const heap = parseHeap(start);
    expect(heap.byClass.get('Map')).toEqual({ count: 1, selfSize: 40 });
    expect(heap.byClass.get('(string)')).toEqual({ count: 1, selfSize: 24 });
    expect(heap.totalSize).toBe(164);
  });

  it('names the new objects alive at the end, what holds them and what they say', () => {
    const d = diffHeaps(parseHeap(start), parseHeap(end));
    expect(d.startSize).toBe(164);
    expect(d.endSize).toBe(228);
    const strings = d.growers.find((g) => g.name === '(string)')!;
    // Two new strings alive (56 bytes); the old one died, so the net count is +1.
    expect(strings).toMatchObject({ newCount: 2, newSize: 56, countDelta: 1, sizeDelta: 32 });
    expect(strings.retainers).toEqual([{ via: 'Map.[]', count: 2 }]);
    expect(strings.samples).toEqual(['12:00:01', '12:00:02']);
    // Grown in place: not new, but bigger.
    expect(d.growers.find((g) => g.name === 'Map')).toMatchObject({ newCount: 0, sizeDelta: 16 });
    // Only a weak edge holds the Foo: it is new, with no retainer named.
    expect(d.growers.find((g) => g.name === 'Foo')).toMatchObject({ newCount: 1, retainers: [] });
    expect(d.growers[0].name).toBe('(string)');
  });

  it('prints one line per grower after the totals', () => {
    const lines = formatHeapDiff(diffHeaps(parseHeap(start), parseHeap(end)));
    expect(lines[0]).toBe('heap snapshot self sizes: 0 kB -> 0 kB (+0 kB)');
    expect(lines[1]).toContain('(string): 2 new alive');
    expect(lines[1]).toContain('held by Map.[] ×2');
  });

  it('refuses a file that is not a heap snapshot', () => {
    const bad = { ...start, snapshot: { meta: { ...start.snapshot.meta, node_fields: ['type', 'name'] } } };
    expect(() => parseHeap(bad)).toThrow(/no "id" field/);
  });
});
