import { randomBytes, randomUUID } from 'node:crypto';
import { type PharmacyEvent, type PipelineEvent, pharmacyEventSchema } from '@firstsync/contracts';
import { createRecordProducer, HEADER, type KafkaClient, type RecordProducer, SCHEMA, type TopicNames, topicOffsets } from '@firstsync/kafka';
import { encryptSecret, generateSecret } from '@firstsync/standard-webhooks';
import { capturingLogger, isolatedTopics, leakedSecrets, quietLogger, readTopic, testKafka } from '@firstsync/testkit';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher, type Dispatcher } from '../src/dispatch/dispatcher';
import { createProjector, type Projector } from '../src/handlers/project-pipeline-events';
import { type Receiver, startReceiver } from './dispatch-receiver';
import { startTestWiring, type TestWiring } from './dispatch-wiring';

const pharmacyOds = () => `F${randomBytes(2).toString('hex').toUpperCase()}`;

function pipelineEvent(fields: Partial<PipelineEvent> & Pick<PipelineEvent, 'type' | 'consultationId' | 'pharmacyOds'>): PipelineEvent {
  return { eventId: randomUUID(), at: new Date().toISOString(), source: 'delivery', version: 1, practiceOds: 'A81001', ...fields };
}

describe('pipeline events to the pharmacy, through the real broker', () => {
  let kafka: KafkaClient;
  let topics: TopicNames;
  let prefix: string;
  let projector: Projector;
  let producer: RecordProducer;
  const { logger, lines } = capturingLogger('pharmacy-notify');

  beforeAll(async () => {
    const isolated = await isolatedTopics('notify-projector');
    topics = isolated.topics;
    prefix = isolated.prefix;
    kafka = testKafka('notify-projector');
    projector = createProjector({ kafka, logger, topics, groupIdPrefix: prefix });
    await projector.start();
    producer = createRecordProducer(testKafka('notify-projector-test'), quietLogger);
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await projector?.stop();
  });

  const send = (events: readonly (PipelineEvent | Buffer)[]) =>
    producer.send(
      events.map((event) =>
        Buffer.isBuffer(event)
          ? { topic: topics.pipelineEvents, key: 'poison', value: event }
          : {
              topic: topics.pipelineEvents,
              key: event.consultationId ?? null,
              value: JSON.stringify(event),
              headers: { [HEADER.schema]: SCHEMA.pipelineEvent },
            },
      ),
    );

  it('projects pipeline events to pharmacy.events.v1 keyed by pharmacy, past unreadable records', async () => {
    const ods = pharmacyOds();
    const consultationId = randomUUID();
    const poison = Buffer.from('{"patient":"Jane Example 9434765919"');
    await send([
      poison,
      pipelineEvent({ type: 'received', source: 'ingest', consultationId, pharmacyOds: ods }),
      pipelineEvent({ type: 'mapped', source: 'fhir-mapper', consultationId, pharmacyOds: ods }),
      pipelineEvent({ type: 'bus-ack', transport: 'mesh', code: '30003', details: { positive: false }, consultationId, pharmacyOds: ods }),
    ]);
    const reader = await readTopic(topics.pharmacyEvents, (record) => ({
      key: record.key,
      schema: record.headers[HEADER.schema],
      event: pharmacyEventSchema.parse(JSON.parse(String(record.value))) as PharmacyEvent,
    }));
    try {
      await reader.waitFor((values) => values.filter((v) => v.event.data.consultationId === consultationId).length >= 2);
      const mine = reader.values.filter((v) => v.event.data.consultationId === consultationId);
      expect(mine.map((v) => v.event.type)).toEqual(['consultation.accepted', 'consultation.rejected']);
      expect(mine[1]?.event.data).toMatchObject({ code: '30003', pharmacyOds: ods });
      for (const value of mine) expect(value).toMatchObject({ key: ods, schema: SCHEMA.pharmacyEvent });
    } finally {
      await reader.close();
    }
    expect(lines.some((line) => line.includes('pipeline event skipped'))).toBe(true);
    expect(leakedSecrets(lines, ['Jane Example', '9434765919'])).toEqual([]);
  });

  it('closes the loop: a rejection at the GP reaches the pharmacy webhook, signed', async () => {
    const wiring: TestWiring = await startTestWiring(kafka, topics);
    const target: Receiver = await startReceiver((_, response) => response.writeHead(204).end());
    const secretKey = randomBytes(32);
    const dispatcher: Dispatcher = createDispatcher({
      kafka,
      logger: quietLogger,
      topics,
      feed: wiring.feed,
      endpoints: wiring.endpoints,
      attempts: wiring.attempts,
      config: {
        timeoutMs: 2_000,
        retryScheduleMs: [0, 100],
        maxConcurrent: 4,
        maxResponseBytes: 4096,
        urlPolicy: { allowHttp: true, allowPrivate: true, allowCidrs: [] },
        secretKey,
      },
      groupIdPrefix: prefix,
    });
    try {
      await dispatcher.start();
      const ods = pharmacyOds();
      const secret = generateSecret();
      await wiring.endpoints.append({
        kind: 'created',
        endpointId: randomUUID(),
        pharmacyOds: ods,
        url: target.url(),
        eventTypes: ['consultation.rejected'],
        secret: encryptSecret(secret, secretKey),
        startAfter: (await topicOffsets(kafka, topics.pharmacyEvents)).map(({ partition, high }) => ({ partition, offset: high })),
        at: new Date().toISOString(),
        actor: 'test-client',
      });
      const consultationId = randomUUID();
      const started = Date.now();
      await send([
        pipelineEvent({ type: 'received', source: 'ingest', consultationId, pharmacyOds: ods }),
        pipelineEvent({ type: 'bus-ack', transport: 'mesh', code: '30003', details: { positive: false }, consultationId, pharmacyOds: ods }),
      ]);
      const deadline = Date.now() + 20_000;
      while (target.received.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(target.received).toHaveLength(1);
      const [request] = target.received;
      const payload = new Webhook(secret).verify(request?.body ?? '', {
        'webhook-id': String(request?.headers['webhook-id']),
        'webhook-timestamp': String(request?.headers['webhook-timestamp']),
        'webhook-signature': String(request?.headers['webhook-signature']),
      });
      expect(payload).toMatchObject({ type: 'consultation.rejected', data: { consultationId, pharmacyOds: ods, code: '30003' } });
    } finally {
      await dispatcher.stop();
      await wiring.stop();
      await target.close();
    }
  });
});
