import type { InboxMessage, MeshClient } from '@firstsync/mesh';
import { quietLogger } from '@firstsync/testkit';
import { buildItkAck } from '@firstsync/update-record';
import { describe, expect, it } from 'vitest';
import { AckTrackingStore, createMeshAckSource, type InboxCoordination, type SentMessage } from '../src/transport/mesh';
import type { Acknowledgement } from '../src/transport/port';
import { memoryMeshInbox } from './support/memory-mesh-inbox';

const start = new Date('2026-11-23T10:00:00Z');

const sentMessage = (n: number): SentMessage => ({
  consultationId: `c0a80000-0000-4000-8000-00000000000${n}`,
  version: 1,
  correlationId: 'corr',
  practiceOds: 'A81001',
  pharmacyOds: 'FVR79',
  service: 'pharmacy-first',
  bundleIdentifier: `b-${n}`,
  messageHeaderId: `0c2c4e36-3f3c-4b5a-9d59-1d2b3c4d5e6${n}`,
  senderReference: `urn:uuid:5b7f5a1e-1111-4111-8111-11111111111${n}`,
  meshMessageId: `up-${n}`,
});

function ack(inboxId: string, sent: SentMessage, code: string): InboxMessage {
  const body = buildItkAck({
    code,
    original: { messageHeaderId: sent.messageHeaderId, senderReference: sent.senderReference },
    responder: { odsCode: 'A81001', endpoint: 'GPMAILBOX' },
    timestamp: start.toISOString(),
  });
  return {
    messageId: inboxId,
    messageType: 'DATA',
    workflowId: 'GPCONNECT_UPDATE_RECORD_ACK',
    from: 'GPMAILBOX',
    to: 'X26FS001',
    localId: null,
    subject: null,
    contentType: 'application/fhir+json',
    fileName: null,
    chunks: 1,
    body: Buffer.from(JSON.stringify(body)),
    report: null,
  };
}

/** A coordination whose ownership the test moves by hand; catch-ups are counted. */
function coordination(owner: boolean, unmatchedGraceMs = 0) {
  const state = { owner, catchUps: 0, started: 0, stopped: 0 };
  const value: InboxCoordination = {
    unmatchedGraceMs,
    start: async () => {
      state.started += 1;
    },
    isOwner: () => state.owner,
    catchUp: async () => {
      state.catchUps += 1;
    },
    stop: async () => {
      state.stopped += 1;
    },
  };
  return { state, value };
}

function instance(client: MeshClient, store: AckTrackingStore, coordinated: InboxCoordination, clock: { now: () => Date }) {
  const acks: Acknowledgement[] = [];
  const source = createMeshAckSource({
    client,
    store,
    timeouts: { infAckTimeoutMs: 3_600_000, busAckTimeoutMs: 3_600_000, maxResends: 1 },
    pollIntervalMs: 10,
    publish: async () => undefined,
    logger: quietLogger,
    clock,
    coordination: coordinated,
  });
  return { source, acks, begin: () => source.start(async (a) => void acks.push(a)) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

describe('MESH inbox ownership (replicas sharing one mailbox)', () => {
  it('only the owner drains the inbox; when ownership moves, the new owner catches up first and carries on', async () => {
    const inbox = memoryMeshInbox();
    const clock = { now: () => start };
    const [one, two] = [sentMessage(1), sentMessage(2)];
    // Both instances track both uploads (each follows the other's `sent` events).
    const stores = [new AckTrackingStore(), new AckTrackingStore()];
    for (const store of stores) for (const sent of [one, two]) store.register(sent, start);
    const a = coordination(true);
    const b = coordination(false);
    const instA = instance(inbox.client, stores[0] ?? new AckTrackingStore(), a.value, clock);
    const instB = instance(inbox.client, stores[1] ?? new AckTrackingStore(), b.value, clock);
    await Promise.all([instA.begin(), instB.begin()]);
    try {
      inbox.put(ack('in-1', one, '30001'));
      await until(() => instA.acks.length === 1);
      expect(instA.acks.map((x) => x.consultationId)).toEqual([one.consultationId]);
      await sleep(50);
      // B never looked at the inbox.
      expect(instB.acks).toEqual([]);
      expect(b.state.catchUps).toBe(0);
      expect(inbox.downloads).toEqual(['in-1']);

      // A loses the partition, B gets it.
      a.state.owner = false;
      b.state.owner = true;
      inbox.put(ack('in-2', two, '30001'));
      await until(() => instB.acks.length === 1);
      expect(b.state.catchUps).toBe(1);
      expect(instB.acks.map((x) => x.consultationId)).toEqual([two.consultationId]);
      expect(instA.acks).toHaveLength(1);
      // Each inbox message applied and acknowledged exactly once.
      expect(inbox.acknowledged).toEqual(['in-1', 'in-2']);
      expect(inbox.downloads).toEqual(['in-1', 'in-2']);
    } finally {
      await Promise.all([instA.source.stop(), instB.source.stop()]);
    }
    expect([a.state.stopped, b.state.stopped]).toEqual([1, 1]);
  });

  it('an owner that loses ownership mid-poll leaves the rest in the inbox for the next owner', async () => {
    const inbox = memoryMeshInbox();
    const sent = [sentMessage(1), sentMessage(2), sentMessage(3)];
    const store = new AckTrackingStore();
    for (const s of sent) store.register(s, start);
    const owner = coordination(true);
    const acks: Acknowledgement[] = [];
    const source = createMeshAckSource({
      client: inbox.client,
      store,
      timeouts: { infAckTimeoutMs: 3_600_000, busAckTimeoutMs: 3_600_000, maxResends: 1 },
      pollIntervalMs: 60_000,
      // The first settled ack's write is where the rebalance lands.
      publish: async () => {
        owner.state.owner = false;
      },
      logger: quietLogger,
      clock: { now: () => start },
      coordination: owner.value,
    });
    await source.start(async (a) => void acks.push(a));
    await source.stop();
    for (const [i, s] of sent.entries()) inbox.put(ack(`in-${i + 1}`, s, '20013'));
    await source.pollOnce();
    // The message in hand finished (its effect is durable, so it is acknowledged); nothing else was.
    expect(inbox.acknowledged.length).toBeLessThan(sent.length);
    expect([...inbox.waiting.keys()].length).toBe(sent.length - inbox.acknowledged.length);
  });

  it('leaves an ack it cannot match yet in the inbox for the grace period, then drops it', async () => {
    const inbox = memoryMeshInbox();
    let now = start.getTime();
    const clock = { now: () => new Date(now) };
    const store = new AckTrackingStore();
    const owner = coordination(true, 60_000);
    const acks: Acknowledgement[] = [];
    const source = createMeshAckSource({
      client: inbox.client,
      store,
      timeouts: { infAckTimeoutMs: 3_600_000, busAckTimeoutMs: 3_600_000, maxResends: 1 },
      pollIntervalMs: 60_000,
      publish: async () => undefined,
      logger: quietLogger,
      clock,
      coordination: owner.value,
    });
    await source.start(async (a) => void acks.push(a));
    await source.stop();
    const [late, unknown] = [sentMessage(1), sentMessage(2)];
    inbox.put(ack('in-1', late, '30001'));
    inbox.put(ack('in-2', unknown, '30001'));
    expect(await source.pollOnce()).toEqual({ handled: 0, unmatched: 0, timedOut: 0 });
    expect(inbox.acknowledged).toEqual([]);
    // The uploader's `sent` event arrives: the ack is matched on the next poll.
    store.register(late, start);
    now += 30_000;
    expect(await source.pollOnce()).toEqual({ handled: 1, unmatched: 0, timedOut: 0 });
    expect(acks.map((a) => a.consultationId)).toEqual([late.consultationId]);
    now += 30_000;
    expect(await source.pollOnce()).toEqual({ handled: 0, unmatched: 1, timedOut: 0 });
    expect(inbox.acknowledged).toEqual(['in-1', 'in-2']);
  });
});
