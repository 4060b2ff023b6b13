import { tmpdir } from 'node:os';
import type { GpMessage } from '@firstsync/contracts';
import { defined } from '@firstsync/testkit/defined';
import { afterEach, describe, expect, it } from 'vitest';
import { type BodyStore, FileBodyStore, MemoryBodyStore } from '../src/state/body-store';
import { type IndexedState, InMemoryMessageIndex } from '../src/state/message-index';
import { gpMessage } from './support/messages';

const meta = (message: GpMessage, state: IndexedState, at: number, parkReason?: string) => ({
  consultationId: message.consultationId,
  version: message.version,
  practiceOds: message.practiceOds,
  state,
  at,
  ...(parkReason ? { parkReason } : {}),
});
const plain = (message: GpMessage) => ({ bytes: Buffer.from(JSON.stringify(message)), wrapped: false });
const wrapped = (message: GpMessage) => ({ bytes: Buffer.from(JSON.stringify({ reason: 'held', gpMessage: message })), wrapped: true });

const stores: [string, () => BodyStore][] = [
  ['memory', () => new MemoryBodyStore()],
  ['scratch file', () => new FileBodyStore(tmpdir())],
];

describe.each(stores)('message index (bodies in %s)', (_name, makeStore: () => BodyStore) => {
  let store: BodyStore;
  afterEach(() => store.close());

  it('hands back the latest whole message, bundle included, from either kind of record', () => {
    store = makeStore();
    const index = new InMemoryMessageIndex(store);
    const first = gpMessage('A11111');
    const second = gpMessage('A11111');
    index.record(meta(first, 'queued', 1), plain(first));
    index.record(meta(second, 'dead-lettered', 2), wrapped(second));
    expect(index.latest(first.consultationId)).toEqual({ gpMessage: first, state: 'queued', at: 1 });
    expect(index.latest(second.consultationId)).toEqual({ gpMessage: second, state: 'dead-lettered', at: 2 });
    expect(index.latest('00000000-0000-4000-8000-000000000000')).toBeUndefined();
    expect(index.size).toBe(2);
  });

  it('keeps the highest version, and the later record of the same version', () => {
    store = makeStore();
    const index = new InMemoryMessageIndex(store);
    const v1 = gpMessage('A11111');
    const v2: GpMessage = { ...v1, version: 2 };
    index.record(meta(v2, 'queued', 5), plain(v2));
    index.record(meta(v1, 'parked', 9, 'held'), wrapped(v1));
    expect(index.latest(v1.consultationId)).toMatchObject({ gpMessage: { version: 2 }, state: 'queued' });
    index.record(meta(v2, 'dead-lettered', 4), wrapped(v2));
    expect(index.latest(v1.consultationId)?.state).toBe('queued');
    index.record(meta(v2, 'parked', 6, 'held'), wrapped(v2));
    expect(index.latest(v1.consultationId)).toEqual({ gpMessage: v2, state: 'parked', at: 6, parkReason: 'held' });
  });

  it('lists parked messages, all or one practice', () => {
    store = makeStore();
    const index = new InMemoryMessageIndex(store);
    const a = gpMessage('A11111');
    const b = gpMessage('B22222');
    const c = gpMessage('B22222');
    index.record(meta(a, 'parked', 1, 'held'), wrapped(a));
    index.record(meta(b, 'parked', 2, 'no-route'), wrapped(b));
    index.record(meta(c, 'queued', 3), plain(c));
    expect(
      index
        .parked()
        .map((e) => e.gpMessage.consultationId)
        .sort(),
    ).toEqual([a.consultationId, b.consultationId].sort());
    expect(index.parked('B22222')).toEqual([{ gpMessage: b, state: 'parked', at: 2, parkReason: 'no-route' }]);
  });
});

describe('compaction of superseded bodies', () => {
  it.each(stores)('keeps the store near the live bodies (%s) and every latest message readable', (_name, createStore) => {
    const index = new InMemoryMessageIndex(createStore(), { newStore: createStore, compactAtBytes: 50_000 });
    const messages = ['A11111', 'B22222', 'C33333'].map((ods) => gpMessage(ods));
    for (let version = 1; version <= 40; version += 1) {
      for (const message of messages) index.record({ ...meta(message, 'queued', version), version }, plain({ ...message, version }));
    }
    const live = messages.reduce((sum, m) => sum + Buffer.byteLength(JSON.stringify({ ...m, version: 40 })), 0);
    expect(index.storedBytes).toBeLessThanOrEqual(Math.max(50_000, 2 * live) + live);
    for (const message of messages) expect(index.latest(message.consultationId)?.gpMessage.version).toBe(40);
    index.close();
  });

  it('does not compact without a way to open a new store', () => {
    const index = new InMemoryMessageIndex(new MemoryBodyStore(), { compactAtBytes: 1 });
    const message = gpMessage('A11111');
    for (let version = 1; version <= 5; version += 1) index.record({ ...meta(message, 'queued', version), version }, plain({ ...message, version }));
    expect(index.storedBytes).toBe(5 * Buffer.byteLength(JSON.stringify(message)));
  });
});

describe('scratch file store', () => {
  it('reads back what it wrote, in any order, and refuses use after close', () => {
    const store = new FileBodyStore(tmpdir());
    const bodies = [Buffer.from('first'), Buffer.alloc(20_000, 7), Buffer.from('third')];
    const refs = bodies.map((body) => store.put(body));
    const [firstRef, , thirdRef] = refs;
    expect(refs.map((ref) => store.get(ref))).toEqual(bodies);
    expect(store.get(defined(thirdRef, 'the third ref'))).toEqual(bodies[2]);
    expect(store.bytes).toBe(20_010);
    store.close();
    store.close();
    expect(() => store.get(defined(firstRef, 'the first ref'))).toThrow(/closed/);
  });
});
