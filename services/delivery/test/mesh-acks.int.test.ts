import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createConsultationSchema, createPipelineEvent, type GpMessage, type PipelineEvent, pipelineEventSchema } from '@firstsync/contracts';
import { FIXTURE_NOW, fixtures } from '@firstsync/contracts/fixtures';
import { createRecordProducer, type RecordProducer, type TopicNames } from '@firstsync/kafka';
import { createMeshClient } from '@firstsync/mesh';
import { buildNhsSimulator, type NhsSimulator } from '@firstsync/nhs-simulator';
import { isolatedTopics, quietLogger, readTopic, type TopicReader, testKafka } from '@firstsync/testkit';
import { defined } from '@firstsync/testkit/defined';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMeshDelivery, type MeshDelivery, meshEnv, pipelineReplay } from '../src/transport/mesh';
import type { Acknowledgement, Route } from '../src/transport/port';
import { builtGpMessage } from './support/messages';

// The simulator's built-in sender mailbox (dev values, see nhs-simulator's NHS_SIDE_DEFAULTS).
const SENDER = { mailboxId: 'X26FS001', password: 'firstsync-simulator-password', sharedKey: 'firstsync-simulator-shared-key' };

/** A real Update Record message for a fresh consultation, registered at `practiceOds`. */
function realGpMessage(practiceOds: string, options: { consultationId?: string; version?: number } = {}): GpMessage {
  const source = fixtures.uncomplicatedUti;
  const consultation = createConsultationSchema({ now: () => FIXTURE_NOW }).parse({
    ...source,
    consultationId: options.consultationId ?? randomUUID(),
    version: options.version ?? 1,
    patient: { ...source.patient, registeredPractice: { odsCode: practiceOds } },
  });
  return builtGpMessage(consultation, { builtAt: '2026-03-10T17:00:00+00:00', senderMeshMailbox: SENDER.mailboxId, practiceOds });
}

const route = (practiceOds: string): Route => ({ practiceOds, transport: 'mesh', concurrency: 1, source: 'default' });
let practiceSeq = 0;
const freshPractice = () => {
  practiceSeq += 1;
  return `Y${String(10_000 + practiceSeq + Math.floor(Math.random() * 80_000)).padStart(5, '0')}`;
};

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('MESH transport and ITK3 acknowledgements against the simulated NHS side', () => {
  let topics: TopicNames;
  let producer: RecordProducer;
  let events: TopicReader<PipelineEvent>;
  let simulator: NhsSimulator | undefined;
  let delivery: MeshDelivery | undefined;

  beforeAll(async () => {
    ({ topics } = await isolatedTopics('mesh-acks'));
    producer = createRecordProducer(testKafka('mesh-acks'), quietLogger);
    await producer.connect();
    events = await readTopic(topics.pipelineEvents, (record) => pipelineEventSchema.parse(JSON.parse(String(record.value))));
  });

  afterAll(async () => {
    await events?.close();
    await producer?.disconnect();
  });

  afterEach(async () => {
    await delivery?.acknowledgements.stop();
    await delivery?.transport.close?.();
    await simulator?.app.close();
    delivery = undefined;
    simulator = undefined;
  });

  /** A simulator of its own, the MESH transport and its poller (progress events to the real broker), and the final acks seen. */
  async function start(envOverrides: Record<string, string> = {}, replay = false) {
    simulator ??= buildNhsSimulator({ config: { SIMULATOR_BODY_LIMIT_BYTES: 5_000_000 }, logger: quietLogger });
    if (!simulator.app.server.listening) await simulator.app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(simulator.app.server.address() as AddressInfo).port}`;
    const env = z.object(meshEnv).parse({ MESH_URL: url, MESH_POLL_INTERVAL_MS: '100', ...envOverrides });
    const client = createMeshClient({ baseUrl: url, credentials: SENDER, timeoutMs: 5_000 });
    const publish = async (list: PipelineEvent[]) => {
      await producer.send(list.map((event) => ({ topic: topics.pipelineEvents, key: event.consultationId ?? null, value: JSON.stringify(event) })));
    };
    delivery = defined(
      createMeshDelivery({
        env,
        logger: quietLogger,
        publish,
        client,
        ...(replay
          ? {
              replay: pipelineReplay({
                kafka: testKafka('mesh-acks-replay'),
                logger: quietLogger,
                topic: topics.pipelineEvents,
                timeouts: { infAckTimeoutMs: 3_600_000, busAckTimeoutMs: 3_600_000, maxResends: 1 },
                groupIdPrefix: 'mesh-acks',
                sessionTimeoutMs: 10_000,
                heartbeatIntervalMs: 1_000,
                timeoutMs: 20_000,
              }),
            }
          : {}),
      }),
      'the MESH delivery (MESH_URL is set)',
    );
    const acks: Acknowledgement[] = [];
    await delivery.acknowledgements.start(async (ack) => {
      acks.push(ack);
    });
    const practice = async (ods: string, behaviour: Record<string, unknown>) => {
      const response = await fetch(`${url}/admin/nhs/practices/${ods}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(behaviour),
      });
      expect(response.status).toBe(200);
    };
    const finalAck = (consultationId: string) => until(`final ack for ${consultationId}`, () => acks.find((a) => a.consultationId === consultationId));
    const eventsOf = (consultationId: string) => events.values.filter((e) => e.consultationId === consultationId);
    return { url, delivery, acks, practice, finalAck, eventsOf };
  }

  it('a registered patient: accepted, 20013, then 30001 once filed = delivered', async () => {
    const rig = await start();
    const ods = freshPractice();
    await rig.practice(ods, { autoFile: true });
    const message = realGpMessage(ods);
    const outcome = await rig.delivery.transport.send(message, route(ods));
    expect(outcome).toMatchObject({ kind: 'accepted', code: 'mesh-accepted' });
    expect(outcome.kind === 'accepted' ? outcome.transportMessageId : undefined).toEqual(expect.any(String));

    expect(await rig.finalAck(message.consultationId)).toMatchObject({
      outcome: 'delivered',
      code: '30001',
      version: 1,
      practiceOds: ods,
      transport: 'mesh',
      bundleIdentifier: message.identifiers.bundleIdentifier,
    });
    await events.waitFor(() => rig.eventsOf(message.consultationId).some((e) => e.type === 'bus-ack'), 15_000);
    expect(rig.eventsOf(message.consultationId).map((e) => [e.type, e.code])).toEqual([
      ['inf-ack', '20013'],
      ['bus-ack', '30001'],
    ]);
  });

  it('a practice with Update Record switched off answers 20010: needs the NHSmail fallback', async () => {
    const rig = await start();
    const ods = freshPractice();
    await rig.practice(ods, { updateRecord: false });
    const message = realGpMessage(ods);
    await rig.delivery.transport.send(message, route(ods));
    expect(await rig.finalAck(message.consultationId)).toMatchObject({ outcome: 'needs-fallback', code: '20010' });
  });

  it('a patient not known at the practice (30002) needs the fallback', async () => {
    const rig = await start();
    const ods = freshPractice();
    await rig.practice(ods, { patient: 'unknown' });
    const message = realGpMessage(ods);
    await rig.delivery.transport.send(message, route(ods));
    expect(await rig.finalAck(message.consultationId)).toMatchObject({ outcome: 'needs-fallback', code: '30002' });
  });

  it('a practice without a mailbox for the workflow: MESH report EPL-151, a mesh-report event, the fallback', async () => {
    const rig = await start();
    const ods = freshPractice();
    await rig.practice(ods, { meshRouting: 'no-mailbox' });
    const message = realGpMessage(ods);
    expect(await rig.delivery.transport.send(message, route(ods))).toMatchObject({ kind: 'accepted' });
    expect(await rig.finalAck(message.consultationId)).toMatchObject({ outcome: 'needs-fallback', code: 'EPL-151' });
    await events.waitFor(() => rig.eventsOf(message.consultationId).some((e) => e.type === 'mesh-report' && e.code === 'EPL-151'), 15_000);
  });

  it('a patient PDS does not know: EPL-153 and the fallback', async () => {
    const rig = await start();
    const ods = freshPractice();
    await rig.practice(ods, {});
    const strict = await fetch(`${rig.url}/admin/nhs/pds/mode`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'strict' }),
    });
    expect(strict.status).toBe(200);
    const message = realGpMessage(ods);
    await rig.delivery.transport.send(message, route(ods));
    expect(await rig.finalAck(message.consultationId)).toMatchObject({ outcome: 'needs-fallback', code: 'EPL-153' });
  });

  it('a lost business acknowledgement times out into the fallback', async () => {
    const rig = await start({ MESH_BUS_ACK_TIMEOUT_MS: '1000' });
    const ods = freshPractice();
    await rig.practice(ods, { autoFile: true, busAck: 'missing' });
    const message = realGpMessage(ods);
    await rig.delivery.transport.send(message, route(ods));
    expect(await rig.finalAck(message.consultationId)).toMatchObject({ outcome: 'needs-fallback', code: 'bus-ack-timeout' });
    // The infrastructure ack did come: it is the business ack that went missing.
    await events.waitFor(() => rig.eventsOf(message.consultationId).some((e) => e.type === 'inf-ack' && e.code === '20013'), 15_000);
  });

  it('a resend of a message the GP system already has is answered 20007 and counts as delivered', async () => {
    const rig = await start();
    const ods = freshPractice();
    await rig.practice(ods, {});
    const message = realGpMessage(ods);
    await rig.delivery.transport.send(message, route(ods));
    await events.waitFor(() => rig.eventsOf(message.consultationId).some((e) => e.type === 'inf-ack' && e.code === '20013'), 15_000);
    // As after an upload whose answer was lost: the same message (same identifiers) again.
    await rig.delivery.transport.send(message, route(ods));
    expect(await rig.finalAck(message.consultationId)).toMatchObject({ outcome: 'delivered', code: '20007' });
  });

  it('an amendment travels as a replacement (version 2) and is acknowledged on its own', async () => {
    const rig = await start();
    const ods = freshPractice();
    await rig.practice(ods, { autoFile: true });
    const consultationId = randomUUID();
    await rig.delivery.transport.send(realGpMessage(ods, { consultationId, version: 1 }), route(ods));
    await until('version 1 delivered', () => rig.acks.find((a) => a.consultationId === consultationId && a.version === 1));
    await rig.delivery.transport.send(realGpMessage(ods, { consultationId, version: 2 }), route(ods));
    const first = realGpMessage(ods, { consultationId, version: 1 });
    const second = await until('version 2 final', () => rig.acks.find((a) => a.consultationId === consultationId && a.version === 2));
    expect(second).toMatchObject({ outcome: 'delivered', code: '30001' });
    // The GP system saw version 2 as replacing version 1's document.
    const inspected = (await (await fetch(`${rig.url}/admin/nhs/practices/${ods}`)).json()) as {
      tasks: { documentIdentifier: string; replaces: string | null }[];
    };
    expect(inspected.tasks.map((t) => t.replaces)).toEqual([null, first.identifiers.documentIdentifier]);
  });

  it('after a restart, acks for messages sent before it are still matched (tracking rebuilt from pipeline events)', async () => {
    const before = await start();
    const ods = freshPractice();
    // The acks come only after the restart below.
    await before.practice(ods, { infAckDelayMs: 1_500, autoFile: true });
    const message = realGpMessage(ods);
    const outcome = await before.delivery.transport.send(message, route(ods));
    if (outcome.kind !== 'accepted') throw new Error(`expected accepted, got ${outcome.kind}`);
    // The engine's `sent` event, carrying the ids acks are matched on (see the hook the engine adds).
    const sent = createPipelineEvent({
      type: 'sent',
      source: 'delivery',
      consultationId: message.consultationId,
      version: message.version,
      practiceOds: ods,
      transport: 'mesh',
      code: outcome.code,
      details: { awaitingAcknowledgement: true, transportMessageId: outcome.transportMessageId ?? null, ...message.identifiers },
    });
    await producer.send({ topic: topics.pipelineEvents, key: message.consultationId, value: JSON.stringify(sent) });
    await before.delivery.acknowledgements.stop();
    await before.delivery.transport.close?.();

    // A new instance: empty in-memory tracking until the replay.
    const after = await start({}, true);
    expect(await after.finalAck(message.consultationId)).toMatchObject({ outcome: 'delivered', code: '30001' });
    expect(before.acks).toEqual([]);
  });
});
