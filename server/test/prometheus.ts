/**
 * A strict parser of the Prometheus text exposition format (version 0.0.4), for tests: every line is a HELP, a TYPE
 * or a sample of a family declared just before it, and anything else throws with the line. No parser package is
 * installed, and prom-client only writes the format.
 */

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: MetricType;
  help: string;
  samples: Sample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL_NAME = '[a-zA-Z_][a-zA-Z0-9_]*';
const HELP_LINE = new RegExp(`^# HELP (${NAME}) (.*)$`);
const TYPE_LINE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);
const SAMPLE_LINE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)(?: (-?\\d+))?$`);
const LABEL = new RegExp(`^(${LABEL_NAME})="((?:[^"\\\\\\n]|\\\\[\\\\"n])*)"(,|$)`);

/** The sample names a family of this type may have: a histogram's _bucket, _sum and _count, a summary's _sum, _count. */
function belongsTo(sample: string, family: Family): boolean {
  if (sample === family.name) return family.type !== 'histogram';
  if (family.type === 'histogram') return [`${family.name}_bucket`, `${family.name}_sum`, `${family.name}_count`].includes(sample);
  if (family.type === 'summary') return [`${family.name}_sum`, `${family.name}_count`].includes(sample);
  return false;
}

/** Prometheus reads values with Go's ParseFloat, which takes NaN and Inf in any case (prom-client writes "Nan"). */
function parseValue(text: string, line: string): number {
  if (/^\+?inf$/i.test(text)) return Infinity;
  if (/^-inf$/i.test(text)) return -Infinity;
  if (/^nan$/i.test(text)) return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`not a number: ${JSON.stringify(line)}`);
  return Number(text);
}

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let rest = text;
  while (rest.length > 0) {
    const m = LABEL.exec(rest);
    if (!m) throw new Error(`bad labels: ${JSON.stringify(line)}`);
    if (m[1] in labels) throw new Error(`label ${m[1]} twice: ${JSON.stringify(line)}`);
    labels[m[1]] = m[2].replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
    rest = rest.slice(m[0].length);
  }
  return labels;
}

export function parsePrometheus(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  let current: Family | null = null;
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const line of lines) {
    if (line === '') continue;
    const help = HELP_LINE.exec(line);
    if (help) {
      if (families.has(help[1])) throw new Error(`family ${help[1]} declared twice`);
      current = { name: help[1], type: 'untyped', help: help[2], samples: [] };
      families.set(current.name, current);
      continue;
    }
    const type = TYPE_LINE.exec(line);
    if (type) {
      if (!current || current.name !== type[1] || current.samples.length > 0) throw new Error(`TYPE out of place: ${JSON.stringify(line)}`);
      current.type = type[2] as MetricType;
      continue;
    }
    if (line.startsWith('#')) throw new Error(`unknown comment line: ${JSON.stringify(line)}`);
    const sample = SAMPLE_LINE.exec(line);
    if (!sample) throw new Error(`not a sample: ${JSON.stringify(line)}`);
    if (!current || !belongsTo(sample[1], current)) throw new Error(`sample outside its family: ${JSON.stringify(line)}`);
    current.samples.push({ name: sample[1], labels: parseLabels(sample[2] ?? '', line), value: parseValue(sample[3], line) });
  }
  for (const f of families.values()) checkHistogram(f);
  return families;
}

/** A histogram's buckets are cumulative and end with +Inf equal to its _count, per label set. */
function checkHistogram(f: Family): void {
  if (f.type !== 'histogram') return;
  const series = new Map<string, { buckets: [number, number][]; count?: number }>();
  for (const s of f.samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const entry = series.get(key) ?? { buckets: [] };
    series.set(key, entry);
    if (s.name.endsWith('_bucket')) entry.buckets.push([parseValue(le, s.name), s.value]);
    if (s.name.endsWith('_count')) entry.count = s.value;
  }
  for (const [key, { buckets, count }] of series) {
    for (let i = 1; i < buckets.length; i++) {
      if (buckets[i][0] <= buckets[i - 1][0] || buckets[i][1] < buckets[i - 1][1]) throw new Error(`${f.name}${key}: buckets not cumulative`);
    }
    const last = buckets.at(-1);
    if (!last || last[0] !== Infinity || last[1] !== count) throw new Error(`${f.name}${key}: +Inf bucket does not equal _count`);
  }
}

/** The value of one sample, matched by name and every given label; undefined when there is none. */
export function sampleValue(families: Map<string, Family>, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const f of families.values()) {
    const s = f.samples.find((x) => x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v));
    if (s) return s.value;
  }
  return undefined;
}
