import { describe, expect, it } from 'vitest';
import { MeshStore } from '../src/nhs-side/mesh/mesh-store';
import { ReceivedStore } from '../src/state/received-store';

const at = new Date('2026-11-23T10:00:00Z');
const receipt = (bundleIdentifier: string) => ({
  practiceOds: 'A81001',
  bundleIdentifier,
  messageHeaderId: `mh-${bundleIdentifier}`,
  consultationId: `c-${bundleIdentifier}`,
  correlationId: null,
  bundle: { id: bundleIdentifier },
});

describe('ReceivedStore keeps every receipt but only the most recent Bundles', () => {
  it('lets the oldest Bundle go past the limit, keeping its receipt and duplicate count', () => {
    const store = new ReceivedStore(2);
    for (const id of ['b-1', 'b-2', 'b-3']) store.record(receipt(id), at);
    expect(store.record(receipt('b-1'), at).duplicate).toBe(true);

    expect(store.size).toBe(3);
    expect(store.find('A81001', 'b-1')).toMatchObject({ consultationId: 'c-b-1', receipts: 2, bundle: null });
    expect(store.find('A81001', 'b-3')?.bundle).toEqual({ id: 'b-3' });
    expect(store.listWithBundles().map((m) => m.bundle)).toEqual([null, { id: 'b-2' }, { id: 'b-3' }]);
    expect(store.list().map((m) => m.bundleIdentifier)).toEqual(['b-1', 'b-2', 'b-3']);
  });

  it('keeps no Bundle at all with a limit of 0', () => {
    const store = new ReceivedStore(0);
    store.record(receipt('b-1'), at);
    expect(store.find('A81001', 'b-1')).toMatchObject({ receipts: 1, bundle: null });
  });
});

describe('MeshStore lets acknowledged bodies go past the limit', () => {
  const send = (store: MeshStore, body: string) =>
    store.create({ type: 'DATA', from: 'X26FS001', to: 'A81001GP', workflowId: 'GPCONNECT_UPDATE_RECORD', firstChunk: Buffer.from(body) }, at);

  it('keeps the bodies of unacknowledged messages and of the most recent acknowledged ones', () => {
    const store = new MeshStore(1);
    const [first, second, waiting] = [send(store, 'one'), send(store, 'two!'), send(store, 'three')];
    store.acknowledge(first, at);
    store.acknowledge(second, at);

    expect(first).toMatchObject({ bodyReleased: true, chunks: [], status: 'acknowledged' });
    expect(second.bodyReleased).toBe(false);
    expect(Buffer.concat(second.chunks).toString()).toBe('two!');
    expect(Buffer.concat(waiting.chunks).toString()).toBe('three');
    // Sizes stay for inspection after the body went.
    expect(store.summaries().map((m) => m.bytes)).toEqual([3, 4, 5]);
  });
});

describe('MeshStore keeps a stored chunk in memory of its own', () => {
  it('does not keep the larger buffer a chunk is a view of (a socket read buffer, a pool slab) alive', () => {
    const store = new MeshStore();
    const readBuffer = Buffer.alloc(65_536, 0x41);
    const message = store.create(
      { type: 'DATA', from: 'X26FS001', to: 'A81001GP', workflowId: 'GPCONNECT_UPDATE_RECORD', firstChunk: readBuffer.subarray(100, 2_100) },
      at,
    );
    store.appendChunk(message, Buffer.from('second chunk'));
    expect(message.chunks.map((chunk) => chunk.buffer.byteLength)).toEqual([2_000, 'second chunk'.length]);
    expect(Buffer.concat(message.chunks).toString()).toBe(`${'A'.repeat(2_000)}second chunk`);
    expect(message.bytes).toBe(2_000 + 'second chunk'.length);
  });
});
