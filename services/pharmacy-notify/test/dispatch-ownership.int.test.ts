import { randomBytes, randomUUID } from 'node:crypto';
import type { PharmacyEvent } from '@firstsync/contracts';
import { type KafkaClient, type TopicNames, topicOffsets } from '@firstsync/kafka';
import { encryptSecret, generateSecret } from '@firstsync/standard-webhooks';
import { isolatedTopics, quietLogger, testKafka } from '@firstsync/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DispatchConfig } from '../src/dispatch/config';
import { createDispatcher, type Dispatcher } from '../src/dispatch/dispatcher';
import { pharmacyEvent } from './dispatch-fixtures';
import { type Receiver, startReceiver } from './dispatch-receiver';
import { startTestWiring, type TestWiring } from './dispatch-wiring';

async function until(what: string, predicate: () => boolean, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('webhook ownership across instances (consumer group on pharmacy.events.v1)', () => {
  let kafka: KafkaClient;
  let topics: TopicNames;
  let prefix: string;
  let wiring: TestWiring;
  let receiver: Receiver;
  const dispatchers: Dispatcher[] = [];
  const secretKey = randomBytes(32);
  const config: DispatchConfig = {
    timeoutMs: 2_000,
    retryScheduleMs: [0, 100, 100],
    maxConcurrent: 16,
    maxResponseBytes: 4096,
    urlPolicy: { allowHttp: true, allowPrivate: true, allowCidrs: [] },
    secretKey,
  };
  const pharmacies = Array.from({ length: 12 }, (_, i) => `F${i.toString(16).toUpperCase()}${randomBytes(2).toString('hex').toUpperCase().slice(0, 3)}`);
  const endpointIds: string[] = [];

  const dispatcher = () => {
    const created = createDispatcher({ kafka, logger: quietLogger, topics, ...wiring, config, groupIdPrefix: prefix });
    dispatchers.push(created);
    return created;
  };
  /** Publishes one event per pharmacy and waits until each pharmacy's receiver path has it. */
  async function roundTrip(): Promise<void> {
    const events: PharmacyEvent[] = pharmacies.map((ods) => pharmacyEvent('consultation.accepted', { pharmacyOds: ods }));
    await wiring.publish(events);
    const ids = new Set(events.map((e) => e.eventId));
    await until(
      'every pharmacy received its event',
      () => new Set(receiver.received.map((r) => String(r.headers['webhook-id'])).filter((id) => ids.has(id))).size === ids.size,
    );
    for (const request of receiver.received) expect(request.path).toBe(`/${(JSON.parse(request.body) as PharmacyEvent).data.pharmacyOds}`);
  }

  beforeAll(async () => {
    const isolated = await isolatedTopics('notify-owners');
    topics = isolated.topics;
    prefix = isolated.prefix;
    kafka = testKafka('notify-owners');
    wiring = await startTestWiring(kafka, topics);
    receiver = await startReceiver((_, response) => response.writeHead(204).end());
    const startAfter = (await topicOffsets(kafka, topics.pharmacyEvents)).map(({ partition, high }) => ({ partition, offset: high }));
    for (const ods of pharmacies) {
      const endpointId = randomUUID();
      endpointIds.push(endpointId);
      await wiring.endpoints.append({
        kind: 'created',
        endpointId,
        pharmacyOds: ods,
        url: receiver.url(`/${ods}`),
        eventTypes: ['consultation.accepted'],
        secret: encryptSecret(generateSecret(), secretKey),
        startAfter,
        at: new Date().toISOString(),
        actor: 'test-client',
      });
    }
  });

  afterAll(async () => {
    for (const d of dispatchers) await d.stop();
    await wiring?.stop();
    await receiver?.close();
  });

  it('runs each endpoint on exactly one instance, hands pharmacies over on join and leave, and loses no event', async () => {
    const a = dispatcher();
    await a.start();
    await roundTrip();
    await until('instance A delivers for every pharmacy', () => a.running().length === pharmacies.length);

    const b = dispatcher();
    await b.start();
    await until('the pharmacies split between A and B', () => {
      const [ra, rb] = [new Set(a.running()), b.running()];
      return ra.size > 0 && rb.length > 0 && rb.every((id) => !ra.has(id)) && ra.size + rb.length === pharmacies.length;
    });
    await roundTrip();

    await b.stop();
    await until('A takes every pharmacy back', () => a.running().length === pharmacies.length);
    expect(b.running()).toEqual([]);
    await roundTrip();
    expect(new Set(a.running())).toEqual(new Set(endpointIds));
  });
});
