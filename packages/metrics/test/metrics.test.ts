import { readFileSync } from 'node:fs';
import type {
  BatchContext,
  BatchHandler,
  ConsumerOptions,
  IncomingRecord,
  KafkaClient,
  OutgoingRecord,
  PartitionRange,
  RecordConsumer,
  RecordProducer,
} from '@firstsync/kafka';
import { resolveTopicNames, retryTierKey } from '@firstsync/kafka';
import { createLogger } from '@firstsync/logging';
import { defined } from '@firstsync/testkit/defined';
import { describe, expect, it } from 'vitest';
import {
  breakerMetrics,
  consumerLagMetrics,
  createServiceRegistry,
  exposedLabels,
  fallbackMailMetrics,
  httpRequestMetrics,
  meshAckMetrics,
  observeProducer,
  partitionLag,
  pipelineEventType,
  webhookMetrics,
} from '../src/index';

const prefix = 't.metrics.';
const topics = resolveTopicNames(prefix);
const logger = createLogger({ service: 'metrics-test', level: 'silent' });

function recordingProducer(fail = false): RecordProducer & { sent: OutgoingRecord[] } {
  const sent: OutgoingRecord[] = [];
  return {
    sent,
    connected: true,
    connect: async () => undefined,
    disconnect: async () => undefined,
    async send(records) {
      if (fail) throw new Error('broker down');
      sent.push(...('topic' in records ? [records] : records));
    },
  };
}

const event = (type: string, extra: Record<string, unknown> = {}) => ({
  topic: topics.pipelineEvents,
  key: 'c1',
  value: JSON.stringify({ eventId: '3f0e8a4c-2b1d-4c3e-9f5a-6b7c8d9e0f1a', at: '2026-03-10T12:00:00Z', type, source: 'delivery', ...extra }),
});

async function sampleOf(registry: ReturnType<typeof createServiceRegistry>, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = defined(registry.getSingleMetric(name), `metric ${name}`);
  const { values } = await metric.get();
  return values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value;
}

describe('pipelineEventType', () => {
  it('reads the event type without parsing the event, and never lets an unknown value become a label', () => {
    expect(pipelineEventType(event('delivered').value)).toBe('delivered');
    expect(pipelineEventType(Buffer.from(event('bus-ack').value))).toBe('bus-ack');
    expect(pipelineEventType(JSON.stringify({ type: 'Jane Smith 943 476 5919' }))).toBe('other');
    expect(pipelineEventType(JSON.stringify({ type: 'made-up' }))).toBe('other');
    // A message quoting `"type":"sent"` is escaped inside the JSON string, so it is not taken for the key.
    expect(pipelineEventType(JSON.stringify({ message: '"type":"sent"', type: 'parked' }))).toBe('parked');
  });
});

describe('observeProducer', () => {
  it('counts what the broker took, per logical topic, event type, retry tier and dead-letter topic', async () => {
    const registry = createServiceRegistry('delivery');
    const inner = recordingProducer();
    const producer = observeProducer(registry, inner, prefix);
    await producer.send([event('sent'), event('sent'), event('retry-scheduled'), { topic: topics[retryTierKey('2m')], key: 'A81001', value: '{}' }]);
    await producer.send({ topic: topics.deliveryDeadLetter, key: 'A81001', value: '{}' });
    await producer.send(event('dead-lettered'));
    expect(inner.sent).toHaveLength(6);
    expect(await sampleOf(registry, 'firstsync_pipeline_events_total', { type: 'sent' })).toBe(2);
    expect(await sampleOf(registry, 'firstsync_pipeline_events_total', { type: 'dead-lettered' })).toBe(1);
    expect(await sampleOf(registry, 'firstsync_kafka_records_produced_total', { topic: 'pipeline.events.v1' })).toBe(4);
    expect(await sampleOf(registry, 'firstsync_retries_scheduled_total', { tier: '2m' })).toBe(1);
    expect(await sampleOf(registry, 'firstsync_dead_letters_total', { topic: 'delivery.dead-letter' })).toBe(1);
    const text = await registry.metrics();
    expect(text).not.toContain(prefix);
    expect(text).toContain('service="delivery"');
  });

  it('does not count a send the broker refused (its caller retries it and it is counted then)', async () => {
    const registry = createServiceRegistry('delivery');
    const producer = observeProducer(registry, recordingProducer(true), prefix);
    await expect(producer.send(event('sent'))).rejects.toThrow('broker down');
    expect(await sampleOf(registry, 'firstsync_pipeline_events_total', { type: 'sent' })).toBeUndefined();
  });
});

function offsetsClient(ends: Map<string, PartitionRange[]>): Pick<KafkaClient, 'fetchTopicOffsets'> {
  return { fetchTopicOffsets: async (topic) => ends.get(topic) ?? [] };
}

function fakeConsumer(): { create: (options: ConsumerOptions) => RecordConsumer; options: () => ConsumerOptions; handler: () => BatchHandler } {
  let options: ConsumerOptions | undefined;
  let handler: BatchHandler | undefined;
  return {
    create(given) {
      options = given;
      return {
        start: async (h) => {
          handler = h;
        },
        stop: async () => undefined,
        pause: () => undefined,
        resume: () => undefined,
        running: true,
      };
    },
    options: () => defined(options, 'consumer options'),
    handler: () => defined(handler, 'batch handler'),
  };
}

const record = (partition: number, offset: number): IncomingRecord => ({
  topic: topics.gpMessages,
  partition,
  offset: String(offset),
  key: 'A81001',
  value: null,
  headers: {},
  timestamp: 0,
});

describe('consumer lag', () => {
  it('is the end offset minus the record after the last one done, never negative', () => {
    expect(partitionLag('100', 89n)).toBe(10);
    expect(partitionLag('100', 99n)).toBe(0);
    expect(partitionLag('5', 10n)).toBe(0);
  });

  it('reports each assigned partition this instance has worked on, and forgets one that moved away', async () => {
    const registry = createServiceRegistry('delivery');
    const ends = new Map([[topics.gpMessages, [0, 1].map((partition) => ({ partition, low: '0', high: '50' }))]]);
    const lag = consumerLagMetrics(registry, offsetsClient(ends), prefix, logger);
    const fake = fakeConsumer();
    const assigned: number[][] = [];
    const consumer = lag.observe(fake.create, {
      groupId: `${prefix}delivery`,
      topics: [topics.gpMessages],
      onAssignment: (partitions) => assigned.push(partitions.map((p) => p.partition)),
    });
    await consumer.start(async (records, context) => {
      for (const r of records) context.markDone(r);
    });
    fake.options().onAssignment?.([
      { topic: topics.gpMessages, partition: 0 },
      { topic: topics.gpMessages, partition: 1 },
    ]);
    expect(assigned).toEqual([[0, 1]]);
    const done: IncomingRecord[] = [];
    const context: BatchContext = {
      markDone: (r) => done.push(r),
      heartbeat: async () => undefined,
      pause: () => () => undefined,
      shouldContinue: () => true,
      commit: async () => undefined,
    };
    await fake.handler()([record(0, 10), record(0, 11)], context);
    await fake.handler()([record(1, 48)], context);
    expect(done).toHaveLength(3);
    expect(await sampleOf(registry, 'firstsync_kafka_consumer_lag', { group: 'delivery', topic: 'gp-messages.v1', partition: '0' })).toBe(38);
    expect(await sampleOf(registry, 'firstsync_kafka_consumer_lag', { partition: '1' })).toBe(1);

    fake.options().onAssignment?.([{ topic: topics.gpMessages, partition: 1 }]);
    expect(await sampleOf(registry, 'firstsync_kafka_consumer_lag', { partition: '0' })).toBeUndefined();
    expect(await sampleOf(registry, 'firstsync_kafka_consumer_lag', { partition: '1' })).toBe(1);
  });
});

describe('the exposition', () => {
  it('has only bounded label values, whatever the requests and events carried', async () => {
    const registry = createServiceRegistry('delivery');
    const observe = httpRequestMetrics(registry);
    observe({ method: 'GET', route: '/v1/consultations/:id', statusCode: 200, seconds: 0.01 });
    observe({ method: 'BREW', route: undefined, statusCode: 404, seconds: 0.001 });
    breakerMetrics(registry, () => ({ closed: 3, open: 1, 'half-open': 0 }));
    const mesh = meshAckMetrics(registry, () => ({ awaiting: 2, oldestSeconds: 90 }));
    mesh.pollSucceeded(new Date('2026-03-10T12:00:00Z'));
    mesh.pollFailed();
    mesh.acknowledged('inf', 42);
    mesh.timedOut('bus-ack-timeout');
    fallbackMailMetrics(registry)();
    webhookMetrics(registry, () => ({ enabled: 4, disabled: 1 })).attempted('failed', 'timeout');
    await observeProducer(registry, recordingProducer(), prefix).send(event('Jane Smith'));

    const text = await registry.metrics();
    const values = new Set(exposedLabels(text).map((label) => `${label.name}=${label.value}`));
    expect([...values].filter((v) => /[0-9a-f]{8}-[0-9a-f]{4}-|\d{10}|Smith|BREW/.test(v))).toEqual([]);
    expect([...values]).toEqual(expect.arrayContaining(['route=/v1/consultations/:id', 'method=OTHER', 'route=(unmatched)', 'type=other', 'state=open']));
    expect(text).toMatch(/firstsync_ack_oldest_awaiting_seconds\{service="delivery"\} 90/);
    expect(text).toMatch(/firstsync_mesh_poll_last_success_timestamp_seconds\{service="delivery"\} 1773144000/);
  });

  it('defines every firstsync metric the alert rules use', async () => {
    const registry = createServiceRegistry('all');
    httpRequestMetrics(registry);
    breakerMetrics(registry, () => ({ closed: 0, open: 0, 'half-open': 0 }));
    meshAckMetrics(registry, () => ({ awaiting: 0, oldestSeconds: 0 }));
    fallbackMailMetrics(registry);
    webhookMetrics(registry, () => ({ enabled: 0, disabled: 0 }));
    observeProducer(registry, recordingProducer(), prefix);
    consumerLagMetrics(registry, offsetsClient(new Map()), prefix, logger);
    const registered = new Set((await registry.getMetricsAsJSON()).map((metric) => metric.name));
    const rules = readFileSync(new URL('../../../infra/prometheus/alerts.yml', import.meta.url), 'utf8');
    const used = [...new Set(rules.match(/firstsync_[a-z_]+/g) ?? [])];
    expect(used.length).toBeGreaterThan(5);
    expect(used.filter((name) => !registered.has(name))).toEqual([]);
  });
});
