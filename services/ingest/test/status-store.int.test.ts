import { createPipelineEvent, type PipelineEvent } from '@firstsync/contracts';
import { createRecordProducer, type Materialised, type RecordProducer, type TopicNames } from '@firstsync/kafka';
import { openReadStore, type ReadStore } from '@firstsync/read-store';
import { isolatedTopics, quietLogger, testKafka } from '@firstsync/testkit';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalPostgres, sparePort, startLocalPostgres, stopLocalPostgres } from '../../../infra/postgres-local/postgres-local.mjs';
import { loadIngestConfig } from '../src/config';
import { memoryStatusTimelines, type StatusTimelines } from '../src/status/status-timelines';
import { storeStatusTimelines } from '../src/status/store-timelines';
import { auth, consultationOf, fixedClock, json, PHARMACY_A, PHARMACY_B, postConsultation, type RunningIngest, startIngest } from './support/ingest-harness';

interface StatusBody {
  consultationId: string;
  state: string;
  timeline: { type: string }[];
}

/** Timelines whose view of the topic the test can wait on, and which count the events their projection writes. */
interface Observed {
  readonly timelines: StatusTimelines;
  view(): Materialised;
  readonly written: { count: number };
}

function observed(timelines: StatusTimelines, written = { count: 0 }): Observed {
  let view: Materialised | undefined;
  return {
    timelines: {
      ...timelines,
      follow: async (...args) => {
        view = await timelines.follow(...args);
        return view;
      },
    },
    view: () => {
      if (!view) throw new Error('the status view has not started');
      return view;
    },
    written,
  };
}

/** A read store that counts the events written in transactions (the projection's writes, in batches; acceptance writes too). */
function counting(store: ReadStore, written: { count: number }): ReadStore {
  return {
    ...store,
    transaction: (fn) =>
      store.transaction((tx) =>
        fn({
          ...tx,
          insertEvent: (event, tags) => {
            written.count += 1;
            return tx.insertEvent(event, tags);
          },
          insertEvents: (events) => {
            written.count += events.length;
            return tx.insertEvents(events);
          },
        }),
      ),
  };
}

// Two ingest instances sharing one status store on a real PostgreSQL server, on one topic namespace
// of the real broker, and a third instance on today's bounded memory for comparison.
describe('status from a shared read store: the same answer from every instance (real Kafka, real PostgreSQL)', () => {
  const MEMORY_BOUND = 2;
  const CONSULTATIONS = 12;
  let server: LocalPostgres | undefined;
  let topics: { prefix: string; topics: TopicNames };
  let producer: RecordProducer;
  const schema = `ingest_status_${process.pid}`;
  const running: RunningIngest[] = [];
  const opened: StatusTimelines[] = [];
  let a: RunningIngest;
  let b: RunningIngest;
  let c: RunningIngest;
  let observedA: Observed;
  let observedB: Observed;
  let observedC: Observed;
  const ids: string[] = [];

  const env = { INGEST_TIMELINE_MAX_CONSULTATIONS: String(MEMORY_BOUND) };
  async function openShared(): Promise<Observed> {
    if (!server) throw new Error('PostgreSQL did not start');
    const config = loadIngestConfig({ KAFKA_BROKERS: '127.0.0.1:1', STATUS_STORE_URL: server.url, STATUS_STORE_SCHEMA: schema });
    const written = { count: 0 };
    const store = counting(await openReadStore({ url: server.url, schema }), written);
    const timelines = storeStatusTimelines(store, {
      kind: 'postgres',
      retentionDays: config.STATUS_RETENTION_DAYS,
      pruneIntervalMs: config.STATUS_STORE_PRUNE_INTERVAL_MS,
      clock: fixedClock,
    });
    opened.push(timelines);
    return observed(timelines, written);
  }
  async function start(label: string, status: Observed): Promise<RunningIngest> {
    const instance = await startIngest({ label, topics, env, statusTimelines: status.timelines });
    running.push(instance);
    return instance;
  }
  const getStatus = (app: FastifyInstance, id: string, key: string = PHARMACY_A.key) =>
    app.inject({ method: 'GET', url: `/v1/consultations/${id}`, headers: auth(key) });
  const publish = (events: PipelineEvent[]) =>
    producer.send(events.map((event) => ({ topic: topics.topics.pipelineEvents, key: event.consultationId ?? null, value: JSON.stringify(event) })));
  const catchUp = (...views: Observed[]) => Promise.all(views.map((v) => v.view().catchUp(60_000)));

  beforeAll(async () => {
    server = await startLocalPostgres({ port: await sparePort(), durable: false });
    topics = await isolatedTopics('ingest-status-store');
    producer = createRecordProducer(testKafka('ingest-status-store-test'), quietLogger);
    await producer.connect();
    [observedA, observedB] = [await openShared(), await openShared()];
    observedC = observed(memoryStatusTimelines({ maxConsultations: MEMORY_BOUND, maxEventsPerConsultation: 32 }));
    [a, b, c] = await Promise.all([start('status-store-a', observedA), start('status-store-b', observedB), start('status-memory-c', observedC)]);
  });
  afterAll(async () => {
    await producer?.disconnect();
    await Promise.all(running.map((r) => r.stop()));
    await Promise.all(opened.map((t) => t.close()));
    if (server) await stopLocalPostgres({ port: server.port });
  });

  it('accepted at A, read at B: the same timeline, for more consultations than the memory bound holds', async () => {
    for (let i = 0; i < CONSULTATIONS; i += 1) {
      const body = consultationOf();
      expect((await postConsultation(a.app, body)).statusCode).toBe(202);
      const id = String(body.consultationId);
      ids.push(id);
      // Read-your-writes across instances: A wrote its `received` event to the shared store before its 202.
      const atB = await getStatus(b.app, id);
      expect(atB.statusCode).toBe(200);
      expect(json<StatusBody>(atB).state).toBe('received');
    }
    await publish(
      ids.flatMap((id) => {
        const common = { consultationId: id, version: 1, pharmacyOds: PHARMACY_A.ods, practiceOds: 'A81001' };
        return [
          createPipelineEvent({ ...common, type: 'mapped', source: 'fhir-mapper' }),
          createPipelineEvent({ ...common, type: 'sent', source: 'delivery', transport: 'mesh', attempt: 1 }),
          createPipelineEvent({ ...common, type: 'bus-ack', source: 'delivery', transport: 'mesh', code: '30001' }),
        ];
      }),
    );
    await catchUp(observedA, observedB, observedC);

    for (const id of ids) {
      const [fromA, fromB] = await Promise.all([getStatus(a.app, id), getStatus(b.app, id)]);
      expect([fromA.statusCode, fromB.statusCode]).toEqual([200, 200]);
      expect(json<StatusBody>(fromB)).toEqual(json<StatusBody>(fromA));
      expect(json<StatusBody>(fromB).state).toBe('delivered');
      expect(json<StatusBody>(fromB).timeline.map((e) => e.type)).toEqual(['received', 'mapped', 'sent', 'bus-ack']);
    }
    // What the bounded memory view (today's default) answers for the same consultations after the same events.
    // It keeps MEMORY_BOUND timelines: the others read `received` with an empty timeline (or 404), not `delivered`.
    const atC = await Promise.all(
      ids.map(async (id) => {
        const response = await getStatus(c.app, id);
        return response.statusCode === 200 ? json<StatusBody>(response).state : String(response.statusCode);
      }),
    );
    expect(atC.filter((state) => state !== 'delivered').length).toBeGreaterThanOrEqual(CONSULTATIONS - MEMORY_BOUND);
  });

  it('keeps a pharmacy to its own consultations and names the retention for an unknown one, at either instance', async () => {
    const [first] = ids;
    if (first === undefined) throw new Error('the first test accepts the consultations');
    expect((await getStatus(b.app, first, PHARMACY_B.key)).statusCode).toBe(403);
    const unknown = await getStatus(b.app, String(consultationOf().consultationId));
    expect(unknown.statusCode).toBe(404);
    expect(json<{ detail: string }>(unknown).detail).toContain('more than 90 days ago');
  });

  it('a restarted instance resumes from the stored offsets: it reads only what is new, and answers the same', async () => {
    await catchUp(observedA, observedB);
    await b.stop();
    running.splice(running.indexOf(b), 1);
    // Written while B is down; A stores them (and the offsets after them) in the shared store.
    await publish(ids.map((id) => createPipelineEvent({ consultationId: id, version: 1, type: 'filed', source: 'nhs-simulator' })));
    await catchUp(observedA);

    const restarted = await openShared();
    const b2 = await start('status-store-b2', restarted);
    await catchUp(restarted);
    // Without the stored offsets it would have read and written every event of the topic again.
    expect(restarted.written.count).toBe(0);
    // ...and it does follow the topic from there: one more event per consultation, each written once by it.
    await publish(ids.map((id) => createPipelineEvent({ consultationId: id, version: 1, type: 'filed', source: 'nhs-simulator', code: 'again' })));
    await catchUp(restarted);
    expect(restarted.written.count).toBe(ids.length);
    for (const id of ids) {
      const [fromA, fromB] = await Promise.all([getStatus(a.app, id), getStatus(b2.app, id)]);
      expect(json<StatusBody>(fromB)).toEqual(json<StatusBody>(fromA));
      expect(json<StatusBody>(fromB).state).toBe('filed');
    }
  });
});
