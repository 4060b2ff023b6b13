import type { PharmacyEvent } from '@firstsync/contracts';
import { createRecordProducer, HEADER, type RecordProducer, SCHEMA, type TopicNames } from '@firstsync/kafka';
import { capturingLogger, isolatedTopics, leakedSecrets, quietLogger, testBrokers, testKafka } from '@firstsync/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPharmacyNotify, type PharmacyNotifyService } from '../src/app';
import { loadPharmacyNotifyConfig } from '../src/config';
import { pharmacyEvent } from './dispatch-fixtures';
import { API_KEYS, auth, ENDPOINT_BODY, PHARMACY_A, PHARMACY_B } from './support/api-harness';

describe('pharmacy-notify: two instances over the real broker', () => {
  let topics: TopicNames;
  let writer: PharmacyNotifyService;
  let reader: PharmacyNotifyService;
  let producer: RecordProducer;
  const { logger, lines } = capturingLogger('pharmacy-notify');

  beforeAll(async () => {
    const isolated = await isolatedTopics('notify');
    topics = isolated.topics;
    const config = loadPharmacyNotifyConfig({
      KAFKA_BROKERS: testBrokers(),
      KAFKA_TOPIC_PREFIX: isolated.prefix,
      INGEST_API_KEYS: JSON.stringify(API_KEYS),
      WEBHOOK_SECRET_KEY: Buffer.alloc(32, 3).toString('base64'),
    });
    writer = buildPharmacyNotify({ config, logger, kafka: testKafka('notify-writer') });
    reader = buildPharmacyNotify({ config, logger: quietLogger, kafka: testKafka('notify-reader') });
    producer = createRecordProducer(testKafka('notify-test'), quietLogger);
    await Promise.all([writer.start(), reader.start(), producer.connect()]);
  });

  afterAll(async () => {
    await producer?.disconnect();
    await Promise.all([writer?.stop(), reader?.stop()]);
  });

  it('register -> list: the writer answers from its own write at once; the other instance sees it after catching up', async () => {
    const created = await writer.app.inject({ method: 'POST', url: '/v1/webhooks/endpoints', headers: auth(PHARMACY_A), payload: ENDPOINT_BODY });
    expect(created.statusCode).toBe(201);
    const { id, secret } = created.json();

    // Read-your-writes: no waiting on the instance that wrote it.
    const own = await writer.app.inject({ method: 'GET', url: '/v1/webhooks/endpoints', headers: auth(PHARMACY_A) });
    expect(own.json().endpoints.map((e: { id: string }) => e.id)).toEqual([id]);

    await expect
      .poll(async () => (await reader.app.inject({ method: 'GET', url: `/v1/webhooks/endpoints/${id}`, headers: auth(PHARMACY_A) })).statusCode, {
        timeout: 20_000,
        interval: 100,
      })
      .toBe(200);
    // The secret travelled encrypted and reads back the same on the other instance (same key).
    const secretThere = await reader.app.inject({ method: 'GET', url: `/v1/webhooks/endpoints/${id}/secret`, headers: auth(PHARMACY_A) });
    expect(secretThere.json()).toEqual({ secret });
    // Still another pharmacy's business on both.
    expect((await reader.app.inject({ method: 'GET', url: `/v1/webhooks/endpoints/${id}`, headers: auth(PHARMACY_B) })).statusCode).toBe(404);

    const disabled = await reader.app.inject({ method: 'POST', url: `/v1/webhooks/endpoints/${id}/disable`, headers: auth(PHARMACY_A) });
    expect(disabled.json().status).toBe('disabled');
    await expect.poll(() => writer.stores.registry.get(id)?.status, { timeout: 20_000, interval: 100 }).toBe('disabled');
    expect(leakedSecrets(lines, [secret])).toEqual([]);
  });

  it('the change feed serves events from the real topic on both instances, with cursors valid on either', async () => {
    const events: PharmacyEvent[] = [
      pharmacyEvent('consultation.accepted', { pharmacyOds: PHARMACY_A.ods }),
      pharmacyEvent('consultation.accepted', { pharmacyOds: PHARMACY_B.ods }),
      pharmacyEvent('consultation.rejected', { pharmacyOds: PHARMACY_A.ods }),
    ];
    // A long poll on the reader, waiting before anything is written.
    const waiting = reader.app.inject({ method: 'GET', url: '/v1/events?waitSeconds=20', headers: auth(PHARMACY_A) });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await producer.send(
      events.map((event) => ({
        topic: topics.pharmacyEvents,
        key: event.data.pharmacyOds,
        value: JSON.stringify(event),
        headers: { [HEADER.schema]: SCHEMA.pharmacyEvent },
      })),
    );
    const first = (await waiting).json();
    expect(first.events.length).toBeGreaterThanOrEqual(1);
    expect(first.events[0].eventId).toBe(events[0]?.eventId);

    const aIds = [events[0]?.eventId, events[2]?.eventId];
    for (const instance of [writer, reader]) {
      await expect
        .poll(
          async () =>
            (await instance.app.inject({ method: 'GET', url: '/v1/events', headers: auth(PHARMACY_A) })).json().events.map((e: PharmacyEvent) => e.eventId),
          {
            timeout: 20_000,
            interval: 100,
          },
        )
        .toEqual(aIds);
    }
    // One event at a time on the writer, the rest with its cursor on the reader: same offsets everywhere.
    const page = (await writer.app.inject({ method: 'GET', url: '/v1/events?limit=1', headers: auth(PHARMACY_A) })).json();
    const rest = (await reader.app.inject({ method: 'GET', url: `/v1/events?after=${page.nextCursor}`, headers: auth(PHARMACY_A) })).json();
    expect([...page.events, ...rest.events].map((e: PharmacyEvent) => e.eventId)).toEqual(aIds);
    // B's events may be on another partition, read independently of A's: wait for them too.
    await expect
      .poll(
        async () =>
          (await reader.app.inject({ method: 'GET', url: '/v1/events', headers: auth(PHARMACY_B) })).json().events.map((e: PharmacyEvent) => e.eventId),
        {
          timeout: 20_000,
          interval: 100,
        },
      )
      .toEqual([events[1]?.eventId]);
  });
});
