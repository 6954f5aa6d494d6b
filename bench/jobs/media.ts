/**
 * Photos over real HTTP: a phone photo of about 4 MB (4000 x 3000, EXIF with GPS) posted to POST /api/media several
 * times, each timed from the first byte sent to the 201; then the hostile files (a 50,000 x 50,000 PNG, a truncated
 * JPEG, a script named .jpg, an SVG, 30 MB), each of which must be a 4xx. The event loop's worst delay is watched
 * over all of it against an idle loop's, in the same process. Prints one JSON line.
 * argv: <temp dir> [uploads, default 5]
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { buildApp } from '../../server/app.js';
import { phonePhoto, pngBomb } from '../../server/media/test/photos.js';
import { idleStallMs, watchStalls } from '../lib/stall.js';

const [dir, uploadsArg] = process.argv.slice(2);
if (!dir) throw new Error('usage: media.ts <temp dir> [uploads]');
const UPLOADS = Number(uploadsArg ?? 5);
const TOKEN = 'bench-media-intake-token-0123';

const photo = await phonePhoto(4000, 3000, 68);
const app = await buildApp({
  dbPath: join(dir, 'media.db'), mediaDir: join(dir, 'media'), mode: 'live', clientDir: '/nonexistent', intakeToken: TOKEN,
  budgets: { intake: { perMinute: 1_000_000, burst: 1_000_000 } },
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/media`;

// The client runs on its own thread (its own event loop): the loop watched below is the server's alone.
const CLIENT = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', async ({ url, token, bytes, name }) => {
  const form = new FormData();
  form.append('file', new Blob([bytes]), name);
  const t0 = performance.now();
  const res = await fetch(url, { method: 'POST', headers: { authorization: 'Bearer ' + token }, body: form });
  const body = await res.json();
  parentPort.postMessage({ status: res.status, ms: performance.now() - t0, error: body.error });
});`;
const client = new Worker(CLIENT, { eval: true });
const post = (bytes: Buffer, name: string): Promise<{ status: number; ms: number; error?: string }> => new Promise((resolve) => {
  client.once('message', resolve);
  client.postMessage({ url, token: TOKEN, bytes, name });
});

// Made before the loop is watched: building 30 MB and deflating the bomb are the client's work, not the server's.
const hostile = [
  ['bomb', pngBomb(), 'bomb.png'], ['truncated', photo.subarray(0, photo.length >> 1), 'cut.jpg'],
  ['script', Buffer.from('#!/bin/sh\necho owned\n'), 'photo.jpg'], ['svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'x.svg'],
  ['30MB', Buffer.concat([photo, Buffer.alloc(30 * 1024 * 1024 - photo.length, 1)]), 'big.jpg'],
] as const;

const idleMs = await idleStallMs(2000);
const stalls = watchStalls();
const uploads: number[] = [];
for (let i = 0; i < UPLOADS; i++) {
  const r = await post(photo, 'IMG_0001.jpg');
  if (r.status !== 201) throw new Error(`upload ${i}: ${r.status} ${r.error}`);
  uploads.push(r.ms);
}
const uploadStallMs = stalls.worstMs();
stalls.reset();
const refused: Record<string, { status: number; error?: string; ms: number; stallMs: number }> = {};
let hostileStallMs = 0;
for (const [what, bytes, name] of hostile) {
  stalls.reset();
  refused[what] = { ...(await post(bytes, name)), stallMs: stalls.worstMs() };
  hostileStallMs = Math.max(hostileStallMs, refused[what].stallMs);
}
stalls.stop();
await client.terminate();
await app.close();

const sorted = [...uploads].sort((a, b) => a - b);
process.stdout.write(`${JSON.stringify({
  photoBytes: photo.length, uploads, medianMs: sorted[sorted.length >> 1], maxMs: sorted[sorted.length - 1],
  idleMs, uploadStallMs, hostileStallMs, refused, load: loadavg()[0],
})}\n`);
