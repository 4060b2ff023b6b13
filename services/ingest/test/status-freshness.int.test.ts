import { randomUUID } from 'node:crypto';
import { createPipelineEvent, type PipelineEvent, systemClock } from '@firstsync/contracts';
import { createRecordProducer, type RecordProducer, type TopicNames } from '@firstsync/kafka';
import { openReadStore, type ReadStore } from '@firstsync/read-store';
import { isolatedTopics, quietLogger, testKafka } from '@firstsync/testkit';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StoreStatusTimelines, storeStatusTimelines } from '../src/status/store-timelines';
import { auth, json, PHARMACY_A, type RunningIngest, startIngest } from './support/ingest-harness';

interface StatusBody {
  state: string;
  asOf: string;
}

/** A store whose writes can be held back, as a slow or overloaded database holds the projection back. */
function holdable(store: ReadStore): { store: ReadStore; hold(): void; release(): void } {
  let gate: Promise<void> = Promise.resolve();
  let open = () => {};
  return {
    store: {
      ...store,
      transaction: async (fn) => {
        await gate;
        return store.transaction(fn);
      },
    },
    hold() {
      gate = new Promise((resolve) => {
        open = resolve;
      });
    },
    release: () => open(),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Real broker, the store on an embedded PGlite, the real clock: the projection is held back and the
// status endpoint must say so rather than answer the old state as if it were current.
describe('status answers say how current they are, and 503 when too far behind (real Kafka)', () => {
  const MAX_LAG_MS = 2_000;
  let topics: { prefix: string; topics: TopicNames };
  let producer: RecordProducer;
  let timelines: StoreStatusTimelines;
  let store: ReturnType<typeof holdable>;
  let ingest: RunningIngest;

  beforeAll(async () => {
    topics = await isolatedTopics('ingest-status-freshness');
    producer = createRecordProducer(testKafka('ingest-status-freshness-test'), quietLogger);
    await producer.connect();
    store = holdable(await openReadStore({ url: 'pglite:', schema: 'ingest_status' }));
    timelines = storeStatusTimelines(store.store, { kind: 'pglite', retentionDays: 90, pruneIntervalMs: 3_600_000, clock: systemClock });
    ingest = await startIngest({
      label: 'ingest-status-freshness',
      topics,
      clock: systemClock,
      statusTimelines: timelines,
      env: { INGEST_STATUS_MAX_LAG_MS: String(MAX_LAG_MS), INGEST_STATUS_FRESHNESS_INTERVAL_MS: '200' },
    });
  });
  afterAll(async () => {
    store?.release();
    await producer?.disconnect();
    await ingest?.stop();
    await timelines?.close();
  });

  const publish = (events: PipelineEvent[]) =>
    producer.send(events.map((event) => ({ topic: topics.topics.pipelineEvents, key: event.consultationId ?? null, value: JSON.stringify(event) })));
  const getStatus = (id: string) => ingest.app.inject({ method: 'GET', url: `/v1/consultations/${id}`, headers: auth() });
  /** Polls until `accept` takes an answer; every answer seen before it goes through `each`. */
  async function until(id: string, accept: (r: LightMyRequestResponse) => boolean, each: (r: LightMyRequestResponse) => void = () => {}) {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const response = await getStatus(id);
      if (accept(response)) return response;
      each(response);
      if (Date.now() > deadline) throw new Error(`no accepted answer within 30 s; last ${response.statusCode} ${response.body}`);
      await sleep(100);
    }
  }

  it('answers the state with asOf while current, 503 + Retry-After once further behind than allowed, then the new state', async () => {
    const id = randomUUID();
    const common = { consultationId: id, version: 1, pharmacyOds: PHARMACY_A.ods, practiceOds: 'A81001' };
    const firstSent = Date.now();
    await publish([
      createPipelineEvent({ ...common, type: 'received', source: 'ingest' }),
      createPipelineEvent({ ...common, type: 'mapped', source: 'fhir-mapper' }),
    ]);
    const mapped = await until(id, (r) => r.statusCode === 200 && json<StatusBody>(r).state === 'mapped' && Date.parse(json<StatusBody>(r).asOf) >= firstSent);
    expect(Date.parse(json<StatusBody>(mapped).asOf)).toBeLessThanOrEqual(Date.now());

    // The projection stops storing; the consultation is delivered on the topic meanwhile.
    store.hold();
    await publish([
      createPipelineEvent({ ...common, type: 'sent', source: 'delivery', transport: 'mesh', attempt: 1 }),
      createPipelineEvent({ ...common, type: 'bus-ack', source: 'delivery', transport: 'mesh', code: '30001' }),
    ]);
    const deliveredOnTopic = Date.now();
    const behind = await until(
      id,
      (r) => r.statusCode === 503,
      (r) => {
        // Until then the old state may be answered, but only with an asOf before the delivery was on the topic.
        expect(r.statusCode).toBe(200);
        expect(json<StatusBody>(r).state).toBe('mapped');
        expect(Date.parse(json<StatusBody>(r).asOf)).toBeLessThan(deliveredOnTopic);
      },
    );
    expect(behind.headers['retry-after']).toBe('5');
    expect(behind.headers['content-type']).toContain('application/problem+json');
    const lag = /view of the delivery pipeline is (\d+(?:\.\d)?) s behind \(it answers up to 2 s behind\)/.exec(json<{ detail: string }>(behind).detail);
    expect(Number(lag?.[1])).toBeGreaterThan(MAX_LAG_MS / 1000);

    // Caught up again: an answer as of after the delivery was on the topic says delivered, never mapped.
    store.release();
    await until(
      id,
      (r) => r.statusCode === 200 && Date.parse(json<StatusBody>(r).asOf) >= deliveredOnTopic,
      (r) => expect([200, 503]).toContain(r.statusCode),
    ).then((r) => expect(json<StatusBody>(r).state).toBe('delivered'));
  });
});
