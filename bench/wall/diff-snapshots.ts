/**
 * `npx tsx bench/wall/diff-snapshots.ts <start.heapsnapshot> <end.heapsnapshot> [top]`: what grew between two heap
 * snapshots of one page (the wall bench's WALL_BENCH_HEAP_SNAPSHOTS=1 writes them, DevTools' Memory tab saves them too).
 */
import { diffSnapshotFiles } from './heap-snapshot.js';

const [start, end, top] = process.argv.slice(2);
if (!start || !end) {
  console.error('usage: npx tsx bench/wall/diff-snapshots.ts <start.heapsnapshot> <end.heapsnapshot> [top]');
  process.exit(2);
}
for (const line of await diffSnapshotFiles(start, end, top ? Number(top) : undefined)) console.log(line);
