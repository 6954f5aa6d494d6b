import { describe, expect, it } from 'vitest';
import { bodyWithPhotos, drain, failureKind, memoryStore, newItem, newKey, type JobKind, type QueueSender } from './queue.js';

/** A server as the phone sees it: answers, or a network that is down. Records every request it received. */
function fakeServer() {
  const state = { online: true, uploads: 0, tickets: new Map<string, string>(), refuse: null as null | { status: number; message: string } };
  const offline = () => Object.assign(new TypeError('Failed to fetch'), {});
  const sender: QueueSender = {
    upload: async (_blob: Blob, _kind: JobKind) => {
      if (!state.online) throw offline();
      return `media-${++state.uploads}`;
    },
    send: async (_kind, body, key) => {
      if (!state.online) throw offline();
      if (state.refuse) throw Object.assign(new Error(state.refuse.message), { status: state.refuse.status });
      const json = JSON.stringify(body);
      const earlier = state.tickets.get(key);
      if (earlier !== undefined && earlier !== json) throw Object.assign(new Error('key reused'), { status: 422 });
      state.tickets.set(key, json);
      return { key };
    },
  };
  return { state, sender };
}
const photo = (slot = -1) => ({ slot, blob: new Blob(['jpeg'], { type: 'image/jpeg' }) });

describe('the outbox', () => {
  it('keeps what was made offline and sends it once when the network returns', async () => {
    const store = memoryStore();
    const { state, sender } = fakeServer();
    state.online = false;
    await store.put(newItem('ticket', { category: 'lamp', title: '路灯' }, [photo(), photo()], '路灯照明', 1));
    await store.put(newItem('ticket', { category: 'road', title: '道路' }, [], '道路设施', 2));
    expect(await drain(store, sender)).toMatchObject({ sent: [], waiting: 2 });
    expect(state.tickets.size).toBe(0);

    state.online = true;
    const first = await drain(store, sender);
    expect(first.sent.map((s) => s.item.label)).toEqual(['路灯照明', '道路设施']);
    expect(first.waiting).toBe(0);
    expect(await drain(store, sender)).toMatchObject({ sent: [], waiting: 0 });
    expect(state.tickets.size).toBe(2);
    expect(state.uploads).toBe(2);
  });

  it('resends the same body under the same key after an answer was lost: photos are not uploaded again', async () => {
    const store = memoryStore();
    const { state, sender } = fakeServer();
    let lose = true;
    const losing: QueueSender = {
      upload: sender.upload,
      send: async (kind, body, key) => {
        const answer = await sender.send(kind, body, key);
        if (lose) throw new TypeError('the connection dropped before the answer');
        return answer;
      },
    };
    await store.put(newItem('ticket', { category: 'lamp', title: '路灯' }, [photo(), photo()], '路灯照明', 1));
    expect((await drain(store, losing)).waiting).toBe(1);
    lose = false;
    const again = await drain(store, losing);
    expect(again.sent).toHaveLength(1);
    expect(state.uploads).toBe(2);
    expect(state.tickets.size).toBe(1);
  });

  it('keeps a refused item with its reason, skips it, and sends the others', async () => {
    const store = memoryStore();
    const { state, sender } = fakeServer();
    await store.put(newItem('ticket', { category: 'nope', title: 'x' }, [], 'x', 1));
    state.refuse = { status: 400, message: 'Unknown category "nope"' };
    expect(await drain(store, sender)).toMatchObject({ sent: [], waiting: 0 });
    const [kept] = await store.all();
    expect(kept.refused).toBe('Unknown category "nope"');
    state.refuse = null;
    await store.put(newItem('ticket', { category: 'lamp', title: 'y' }, [], 'y', 2));
    expect((await drain(store, sender)).sent.map((s) => s.item.label)).toEqual(['y']);
  });

  it('puts each round fault photo in its own item', () => {
    const item = newItem('rounds', { date: '2023-10-17', items: [{ device: 'elevator', result: 'ok' }, { device: 'gas', result: 'fault', note: '漏气' }] }, [photo(1)], '民情记录本', 1);
    item.photos[0].mediaId = 'm1';
    expect(bodyWithPhotos(item)).toEqual({ date: '2023-10-17', items: [{ device: 'elevator', result: 'ok' }, { device: 'gas', result: 'fault', note: '漏气', photos: ['m1'] }] });
    expect(() => bodyWithPhotos(newItem('ticket', {}, [photo()], '', 1))).toThrow(/not yet uploaded/);
  });

  it('waits on no network, a timeout, a busy server or an ended session; gives up on a refusal', () => {
    expect(failureKind(new TypeError('Failed to fetch'))).toBe('wait');
    for (const status of [401, 408, 429, 500, 503]) expect(failureKind({ status })).toBe('wait');
    for (const status of [400, 403, 404, 409, 413, 422]) expect(failureKind({ status })).toBe('refused');
  });

  it('makes a key of 128 random bits', () => {
    expect(newKey()).toMatch(/^m-[0-9a-f]{32}$/);
    expect(newKey()).not.toBe(newKey());
  });
});
