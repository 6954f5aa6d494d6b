/**
 * Reads two V8 heap snapshots (.heapsnapshot JSON, as DevTools and CDP's HeapProfiler write them) of the same page and
 * names what grew between them: per class (the constructor name for objects, the node type otherwise, the way
 * DevTools' summary groups them), the objects allocated after the first snapshot and still alive at the second, and
 * what holds them. Node ids are stable within one page's session, so "new" is exact, not a guess from totals. Pure.
 */

export interface HeapSnapshotJson {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: unknown[];
      edge_fields: string[];
      edge_types: unknown[];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

export interface ClassTotals {
  count: number;
  selfSize: number;
}

export interface ParsedHeap {
  /** Count and self size by class. */
  byClass: Map<string, ClassTotals>;
  totalSize: number;
  /** Every node's id, for telling new objects from old ones. */
  ids: Set<number>;
  json: HeapSnapshotJson;
}

export interface Grower {
  name: string;
  /** Totals at the end minus totals at the start. */
  countDelta: number;
  sizeDelta: number;
  /** Objects of this class allocated after the start snapshot and alive at the end. */
  newCount: number;
  newSize: number;
  /** What holds the new objects: `<holder class>.<edge name>` with counts, most common first. */
  retainers: { via: string; count: number }[];
  /** A few of the new objects' values, for strings (an ever-new label shows here). */
  samples: string[];
}

export interface HeapDiff {
  startSize: number;
  endSize: number;
  growers: Grower[];
}

const STRING_TYPES = new Set(['string', 'concatenated string', 'sliced string']);
/** Edges that do not keep their target alive, or only describe it. */
const SKIPPED_EDGE_TYPES = new Set(['weak', 'shortcut']);

interface Layout {
  nodeSize: number;
  type: number;
  name: number;
  id: number;
  selfSize: number;
  edgeCount: number;
  nodeTypes: string[];
  edgeSize: number;
  edgeType: number;
  edgeName: number;
  edgeTo: number;
  edgeTypes: string[];
}

function layoutOf(json: HeapSnapshotJson): Layout {
  const m = json.snapshot.meta;
  const field = (fields: string[], name: string): number => {
    const i = fields.indexOf(name);
    if (i < 0) throw new Error(`not a heap snapshot: no "${name}" field`);
    return i;
  };
  return {
    nodeSize: m.node_fields.length,
    type: field(m.node_fields, 'type'),
    name: field(m.node_fields, 'name'),
    id: field(m.node_fields, 'id'),
    selfSize: field(m.node_fields, 'self_size'),
    edgeCount: field(m.node_fields, 'edge_count'),
    nodeTypes: m.node_types[field(m.node_fields, 'type')] as string[],
    edgeSize: m.edge_fields.length,
    edgeType: field(m.edge_fields, 'type'),
    edgeName: field(m.edge_fields, 'name_or_index'),
    edgeTo: field(m.edge_fields, 'to_node'),
    edgeTypes: m.edge_types[field(m.edge_fields, 'type')] as string[],
  };
}

/** The class of the node at `offset`: the constructor's name for objects, `(string)`, `(closure)`, … otherwise. */
function classAt(json: HeapSnapshotJson, l: Layout, offset: number): string {
  const type = l.nodeTypes[json.nodes[offset + l.type]];
  if (type === 'object' || type === 'native') return json.strings[json.nodes[offset + l.name]];
  if (STRING_TYPES.has(type)) return '(string)';
  return `(${type})`;
}

export function parseHeap(json: HeapSnapshotJson): ParsedHeap {
  const l = layoutOf(json);
  const byClass = new Map<string, ClassTotals>();
  const ids = new Set<number>();
  let totalSize = 0;
  for (let o = 0; o < json.nodes.length; o += l.nodeSize) {
    const name = classAt(json, l, o);
    const size = json.nodes[o + l.selfSize];
    const t = byClass.get(name) ?? { count: 0, selfSize: 0 };
    t.count++;
    t.selfSize += size;
    byClass.set(name, t);
    ids.add(json.nodes[o + l.id]);
    totalSize += size;
  }
  return { byClass, totalSize, ids, json };
}

/** The classes that grew most (by self size of their new objects), `top` of them, with what retains them. */
export function diffHeaps(start: ParsedHeap, end: ParsedHeap, top = 12): HeapDiff {
  const json = end.json;
  const l = layoutOf(json);
  const fresh = new Map<string, ClassTotals>();
  const isNew = new Uint8Array(json.nodes.length / l.nodeSize);
  for (let o = 0, n = 0; o < json.nodes.length; o += l.nodeSize, n++) {
    if (start.ids.has(json.nodes[o + l.id])) continue;
    isNew[n] = 1;
    const name = classAt(json, l, o);
    const t = fresh.get(name) ?? { count: 0, selfSize: 0 };
    t.count++;
    t.selfSize += json.nodes[o + l.selfSize];
    fresh.set(name, t);
  }
  const names = new Set([...end.byClass.keys(), ...start.byClass.keys()]);
  const growers: Grower[] = [...names].map((name) => {
    const a = start.byClass.get(name) ?? { count: 0, selfSize: 0 };
    const b = end.byClass.get(name) ?? { count: 0, selfSize: 0 };
    const f = fresh.get(name) ?? { count: 0, selfSize: 0 };
    return { name, countDelta: b.count - a.count, sizeDelta: b.selfSize - a.selfSize, newCount: f.count, newSize: f.selfSize, retainers: [], samples: [] };
  });
  growers.sort((a, b) => b.newSize - a.newSize || b.sizeDelta - a.sizeDelta || a.name.localeCompare(b.name));
  const chosen = growers.slice(0, top).filter((g) => g.newCount > 0 || g.sizeDelta > 0);
  describeNewObjects(json, l, isNew, new Map(chosen.map((g) => [g.name, g])));
  return { startSize: start.totalSize, endSize: end.totalSize, growers: chosen };
}

/** Fills each chosen class's retainers (holder class and edge name) and string samples, from the end snapshot. */
function describeNewObjects(json: HeapSnapshotJson, l: Layout, isNew: Uint8Array, chosen: Map<string, Grower>): void {
  const counts = new Map<Grower, Map<string, number>>();
  let edge = 0;
  for (let o = 0; o < json.nodes.length; o += l.nodeSize) {
    const holder = classAt(json, l, o);
    const edges = json.nodes[o + l.edgeCount];
    for (let e = 0; e < edges; e++, edge += l.edgeSize) {
      const type = l.edgeTypes[json.edges[edge + l.edgeType]];
      if (SKIPPED_EDGE_TYPES.has(type)) continue;
      const to = json.edges[edge + l.edgeTo];
      if (!isNew[to / l.nodeSize]) continue;
      const g = chosen.get(classAt(json, l, to));
      if (!g) continue;
      // Elements are counted together ("Array.[]"), whatever their index.
      const edgeName = type === 'element' || type === 'hidden' ? '[]' : json.strings[json.edges[edge + l.edgeName]];
      const via = `${holder}.${edgeName}`;
      const m = counts.get(g) ?? new Map<string, number>();
      m.set(via, (m.get(via) ?? 0) + 1);
      counts.set(g, m);
    }
  }
  for (const [g, m] of counts) {
    g.retainers = [...m].map(([via, count]) => ({ via, count })).sort((a, b) => b.count - a.count || a.via.localeCompare(b.via)).slice(0, 4);
  }
  const strings = chosen.get('(string)');
  if (!strings) return;
  for (let o = 0, n = 0; o < json.nodes.length && strings.samples.length < 8; o += l.nodeSize, n++) {
    if (isNew[n] && STRING_TYPES.has(l.nodeTypes[json.nodes[o + l.type]])) strings.samples.push(json.strings[json.nodes[o + l.name]].slice(0, 60));
  }
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(0)} kB`;

/** The diff as lines for a terminal or a markdown list. */
export function formatHeapDiff(d: HeapDiff): string[] {
  const lines = [`heap snapshot self sizes: ${kb(d.startSize)} -> ${kb(d.endSize)} (${d.endSize >= d.startSize ? '+' : ''}${kb(d.endSize - d.startSize)})`];
  for (const g of d.growers) {
    const via = g.retainers.map((r) => `${r.via} ×${r.count}`).join(', ');
    const samples = g.samples.length > 0 ? `; e.g. ${g.samples.map((s) => JSON.stringify(s)).join(', ')}` : '';
    lines.push(
      `${g.name}: ${g.newCount} new alive (${kb(g.newSize)}); net ${g.countDelta >= 0 ? '+' : ''}${g.countDelta} (${g.sizeDelta >= 0 ? '+' : ''}${kb(g.sizeDelta)})${via ? `; held by ${via}` : ''}${samples}`,
    );
  }
  return lines;
}
