import type { PharmacyEvent } from '@firstsync/contracts';
import { createRecordProducer, HEADER, type RecordProducer, SCHEMA, type TopicNames } from '@firstsync/kafka';
import { encodeFeedCursor } from '@firstsync/pharmacy-events';
import { isolatedTopics, quietLogger, testBrokers, testKafka } from '@firstsync/testkit';
import { defined } from '@firstsync/testkit/defined';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPharmacyNotify, type PharmacyNotifyService } from '../src/app';
import { loadPharmacyNotifyConfig } from '../src/config';
import { pharmacyEvent } from './dispatch-fixtures';
import { API_KEYS, auth, PHARMACY_A, PHARMACY_B } from './support/api-harness';

const PHARMACY_C = 'FQC03';
const PER_PHARMACY = 20;
const TOTAL = 30;

describe('pharmacy-notify keeps FEED_MAX_EVENTS across every pharmacy (real broker)', () => {
  let topics: TopicNames;
  let service: PharmacyNotifyService;
  let producer: RecordProducer;

  beforeAll(async () => {
    const isolated = await isolatedTopics('notify-feed-bound');
    topics = isolated.topics;
    const config = loadPharmacyNotifyConfig({
      KAFKA_BROKERS: testBrokers(),
      KAFKA_TOPIC_PREFIX: isolated.prefix,
      INGEST_API_KEYS: JSON.stringify(API_KEYS),
      FEED_MAX_EVENTS_PER_PHARMACY: String(PER_PHARMACY),
      FEED_MAX_EVENTS: String(TOTAL),
    });
    service = buildPharmacyNotify({ config, logger: quietLogger, kafka: testKafka('notify-feed-bound') });
    producer = createRecordProducer(testKafka('notify-feed-bound-test'), quietLogger);
    await Promise.all([service.start(), producer.connect()]);
  });

  afterAll(async () => {
    await producer?.disconnect();
    await service?.stop();
  });

  /** Sends a pharmacy's events and waits until the service has read the last of them. */
  async function sendAndRead(ods: string): Promise<PharmacyEvent[]> {
    const events = Array.from({ length: PER_PHARMACY }, () => pharmacyEvent('consultation.accepted', { pharmacyOds: ods }));
    await producer.send(
      events.map((event) => ({ topic: topics.pharmacyEvents, key: ods, value: JSON.stringify(event), headers: { [HEADER.schema]: SCHEMA.pharmacyEvent } })),
    );
    const lastId = events.at(-1)?.eventId;
    await expect.poll(() => service.stores.feed.after(ods, -1n, 1_000).at(-1)?.event.eventId, { timeout: 20_000, interval: 100 }).toBe(lastId);
    return events;
  }

  it('drops the oldest events of whichever pharmacy beyond the total, and a cursor into them is answered 410', async () => {
    // One pharmacy after the other, so the order the service read them in is known.
    await sendAndRead(PHARMACY_A.ods);
    const firstOfA = defined(service.stores.feed.oldest(PHARMACY_A.ods), "pharmacy A's first event");
    const cursorOfA = encodeFeedCursor({ partition: firstOfA.partition, offset: firstOfA.offset.toString() });
    const eventsOfB = await sendAndRead(PHARMACY_B.ods);
    const eventsOfC = await sendAndRead(PHARMACY_C);

    // 60 events read, each pharmacy within its own bound of 20: the total keeps the newest 30.
    expect(service.stores.feed.stats().events).toBe(TOTAL);
    expect(service.stores.feed.after(PHARMACY_A.ods, -1n, 1_000)).toEqual([]);
    expect(service.stores.feed.after(PHARMACY_B.ods, -1n, 1_000).map((entry) => entry.event.eventId)).toEqual(eventsOfB.slice(10).map((e) => e.eventId));
    expect(service.stores.feed.after(PHARMACY_C, -1n, 1_000).map((entry) => entry.event.eventId)).toEqual(eventsOfC.map((e) => e.eventId));

    const expired = await service.app.inject({ method: 'GET', url: `/v1/events?after=${cursorOfA}`, headers: auth(PHARMACY_A) });
    expect(expired.statusCode).toBe(410);
    const page = await service.app.inject({ method: 'GET', url: '/v1/events?limit=100', headers: auth(PHARMACY_B) });
    expect(page.json().events).toHaveLength(10);
  });
});
