import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { CDPSession } from 'playwright-core';
import { diffHeaps, formatHeapDiff, parseHeap, type HeapSnapshotJson } from './heap-diff.js';

/**
 * Writes the page's heap (after a forced GC, so that only what is retained is in it) to `file` through CDP's
 * HeapProfiler, chunk by chunk: a wall's snapshot is tens of MB of JSON.
 */
export async function writeHeapSnapshot(cdp: CDPSession, file: string): Promise<void> {
  const out = createWriteStream(file);
  const onChunk = ({ chunk }: { chunk: string }) => out.write(chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}

/** The top growers between two snapshot files, as printable lines. */
export async function diffSnapshotFiles(startFile: string, endFile: string, top = 12): Promise<string[]> {
  const read = async (f: string) => parseHeap(JSON.parse(await readFile(f, 'utf8')) as HeapSnapshotJson);
  const start = await read(startFile);
  const end = await read(endFile);
  return formatHeapDiff(diffHeaps(start, end, top));
}
