import type { PipelineEvent } from '@firstsync/contracts';
import type { InboxMessage, MeshClient } from '@firstsync/mesh';
import { quietLogger } from '@firstsync/testkit';
import { buildItkAck } from '@firstsync/update-record';
import { describe, expect, it } from 'vitest';
import { AckTrackingStore, createMeshAckSource } from '../src/transport/mesh';
import type { Acknowledgement } from '../src/transport/port';
import { memoryMeshInbox } from './support/memory-mesh-inbox';

const now = new Date('2026-11-23T10:00:00Z');

function data(messageId: string, workflowId: string, body: unknown): InboxMessage {
  return {
    messageId,
    messageType: 'DATA',
    workflowId,
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

const sent = {
  consultationId: 'c0a80000-0000-4000-8000-0000000000bb',
  version: 1,
  correlationId: 'corr',
  practiceOds: 'A81001',
  pharmacyOds: 'FVR79',
  service: 'pharmacy-first',
  bundleIdentifier: 'b-1',
  messageHeaderId: '0c2c4e36-3f3c-4b5a-9d59-1d2b3c4d5e6f',
  senderReference: 'urn:uuid:5b7f5a1e-1111-4111-8111-111111111111',
  meshMessageId: 'up-1',
};

function ackFor(code: string, messageHeaderId = sent.messageHeaderId) {
  // Built by the GP side's own builder, so the shape is the one the simulator and GP systems send.
  return buildItkAck({
    code,
    original: { messageHeaderId, senderReference: sent.senderReference },
    responder: { odsCode: 'A81001', endpoint: 'GPMAILBOX' },
    timestamp: now.toISOString(),
  });
}

function source(client: MeshClient, store: AckTrackingStore, published: PipelineEvent[]) {
  return createMeshAckSource({
    client,
    store,
    timeouts: { infAckTimeoutMs: 60_000, busAckTimeoutMs: 60_000, maxResends: 1 },
    pollIntervalMs: 60_000,
    publish: async (events) => void published.push(...events),
    logger: quietLogger,
    clock: { now: () => now },
  });
}

describe('MESH ack source (one poll)', () => {
  it('settles the answers to one sent message in inbox order even when their downloads finish out of order', async () => {
    const store = new AckTrackingStore();
    store.register(sent, now);
    const { client, acknowledged } = memoryMeshInbox([
      data('in-1', 'GPCONNECT_UPDATE_RECORD_ACK', ackFor('20013')),
      data('in-2', 'GPCONNECT_UPDATE_RECORD_ACK', ackFor('30001')),
    ]);
    const download = client.download.bind(client);
    // The infrastructure ack's download is the slow one: the business ack arrives first.
    const slowFirst: MeshClient = {
      ...client,
      download: async (id) => (id === 'in-1' ? new Promise((resolve) => setTimeout(() => resolve(download(id)), 30)) : download(id)),
    };
    const published: PipelineEvent[] = [];
    const acks: Acknowledgement[] = [];
    const src = source(slowFirst, store, published);
    await src.start(async (ack) => void acks.push(ack));
    await src.stop();
    expect(await src.pollOnce()).toEqual({ handled: 2, unmatched: 0, timedOut: 0 });
    expect(published.map((e) => [e.type, e.code])).toEqual([
      ['inf-ack', '20013'],
      ['bus-ack', '30001'],
    ]);
    expect(acks).toEqual([expect.objectContaining({ outcome: 'delivered', code: '30001' })]);
    expect(acknowledged).toEqual(['in-1', 'in-2']);
  });

  it('reports one final outcome when two answers in one poll would each close the message (a repeated 30001)', async () => {
    const store = new AckTrackingStore();
    store.register(sent, now);
    const { client, acknowledged } = memoryMeshInbox([
      data('in-1', 'GPCONNECT_UPDATE_RECORD_ACK', ackFor('30001')),
      data('in-2', 'GPCONNECT_UPDATE_RECORD_ACK', ackFor('30001')),
    ]);
    const published: PipelineEvent[] = [];
    const acks: Acknowledgement[] = [];
    const src = source(client, store, published);
    await src.start(async (ack) => void acks.push(ack));
    await src.stop();
    expect(await src.pollOnce()).toEqual({ handled: 2, unmatched: 0, timedOut: 0 });
    // Each answer is recorded (the second as late); the outcome is reported once.
    expect(published.map((e) => [e.type, e.details?.late])).toEqual([
      ['bus-ack', false],
      ['bus-ack', true],
    ]);
    expect(acks).toEqual([expect.objectContaining({ outcome: 'delivered', code: '30001' })]);
    expect(acknowledged).toEqual(['in-1', 'in-2']);
  });

  it('matches an ITK3 ack, records progress, reports the final outcome, then acknowledges it in MESH', async () => {
    const store = new AckTrackingStore();
    store.register(sent, now);
    const { client, acknowledged } = memoryMeshInbox([data('in-1', 'GPCONNECT_UPDATE_RECORD_ACK', ackFor('20010'))]);
    const published: PipelineEvent[] = [];
    const acks: Acknowledgement[] = [];
    const src = source(client, store, published);
    await src.start(async (ack) => void acks.push(ack));
    await src.stop();
    expect(await src.pollOnce()).toEqual({ handled: 1, unmatched: 0, timedOut: 0 });
    expect(published.map((e) => [e.type, e.code])).toEqual([['inf-ack', '20010']]);
    expect(acks).toEqual([expect.objectContaining({ consultationId: sent.consultationId, outcome: 'needs-fallback', code: '20010', transport: 'mesh' })]);
    expect(acknowledged).toEqual(['in-1']);
  });

  it('leaves the MESH message in the inbox when recording the outcome fails, and handles it on the next poll', async () => {
    const store = new AckTrackingStore();
    store.register(sent, now);
    const { client, acknowledged, downloads } = memoryMeshInbox([data('in-1', 'GPCONNECT_UPDATE_RECORD_ACK', ackFor('30001'))]);
    let failNext = true;
    const acks: Acknowledgement[] = [];
    const src = source(client, store, []);
    await src.start(async (ack) => {
      if (failNext) {
        failNext = false;
        throw new Error('kafka unavailable');
      }
      acks.push(ack);
    });
    await src.stop();
    await expect(src.pollOnce()).rejects.toThrow('kafka unavailable');
    expect(acknowledged).toEqual([]);
    await src.pollOnce();
    expect(downloads).toEqual(['in-1', 'in-1']);
    expect(acks.map((a) => a.code)).toEqual(['30001']);
    expect(acknowledged).toEqual(['in-1']);
  });

  it('acknowledges an ack for a message it does not track (no outcome), and leaves other workflows alone', async () => {
    const store = new AckTrackingStore();
    const { client, acknowledged, downloads } = memoryMeshInbox([
      data('in-1', 'GPCONNECT_UPDATE_RECORD_ACK', ackFor('20013', '9d1f0000-0000-4000-8000-000000000000')),
      data('in-2', 'SOME_OTHER_WORKFLOW', { hello: 'world' }),
    ]);
    const acks: Acknowledgement[] = [];
    const src = source(client, store, []);
    await src.start(async (ack) => void acks.push(ack));
    await src.stop();
    expect(await src.pollOnce()).toEqual({ handled: 0, unmatched: 1, timedOut: 0 });
    await src.pollOnce();
    expect(acknowledged).toEqual(['in-1']);
    // Not ours: downloaded once, never acknowledged, not downloaded again.
    expect(downloads.filter((id) => id === 'in-2')).toHaveLength(1);
    expect(acks).toEqual([]);
  });
});
