/**
 * How fast ingest's status store projects pipeline.events.v1 into a real PostgreSQL server: a
 * backlog read to its end (the rate it catches up at), then a live phase offered a steady rate (the
 * lag it holds). Real broker (KAFKA_BROKERS), a PostgreSQL server of its own (infra/postgres-local,
 * fsync off as in the soak), a topic namespace and schema of its own.
 *   KAFKA_BROKERS=127.0.0.1:29092 node --import tsx services/ingest/scripts/bench-status-projection.ts \
 *     [--events 30000] [--live-rate 1500] [--live-seconds 20] [--per-event]
 * --per-event writes each event with its own INSERT, as the projection did before insertEvents (the baseline).
 */
import { parseArgs } from 'node:util';
import { createPipelineEvent, type PipelineEvent, systemClock } from '@firstsync/contracts';
import { createRecordProducer, type Materialised } from '@firstsync/kafka';
import { openReadStore, postgresDatabase, type ReadStore } from '@firstsync/read-store';
import { isolatedTopics, quietLogger, testKafka } from '@firstsync/testkit';
import { sparePort, startLocalPostgres, stopLocalPostgres } from '../../../infra/postgres-local/postgres-local.mjs';
import { memoryStatusTimelines, type StatusTimelines } from '../src/status/status-timelines';
import { storeStatusTimelines } from '../src/status/store-timelines';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '30000' },
    'live-rate': { type: 'string', default: '1500' },
    'live-seconds': { type: 'string', default: '20' },
    'per-event': { type: 'boolean', default: false },
  },
});
const EVENTS = Number(values.events);
const LIVE_RATE = Number(values['live-rate']);
const LIVE_SECONDS = Number(values['live-seconds']);
const TYPES = [
  { type: 'received', source: 'ingest' },
  { type: 'mapped', source: 'fhir-mapper' },
  { type: 'sent', source: 'delivery', transport: 'mesh', attempt: 1 },
  { type: 'bus-ack', source: 'delivery', transport: 'mesh', code: '30001' },
  { type: 'filed', source: 'nhs-simulator' },
] as const;

/** `n` events of n / 5 consultations, each consultation's lifecycle in order (as the pipeline writes them). */
function lifecycles(n: number): PipelineEvent[] {
  const events: PipelineEvent[] = [];
  while (events.length < n) {
    const consultationId = crypto.randomUUID();
    for (const step of TYPES) {
      if (events.length < n) events.push(createPipelineEvent({ consultationId, version: 1, pharmacyOds: 'FXA01', practiceOds: 'A81001', ...step }));
    }
  }
  return events;
}

/** The baseline: the same transaction per batch, but one INSERT round trip per event. */
function perEvent(store: ReadStore): ReadStore {
  return {
    ...store,
    transaction: (fn) =>
      store.transaction((tx) =>
        fn({
          ...tx,
          insertEvents: async (events) => {
            const added: string[] = [];
            for (const { event, tags } of events) if (await tx.insertEvent(event, tags)) added.push(event.eventId);
            return added;
          },
        }),
      ),
  };
}

const log = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;

const server = await startLocalPostgres({ port: await sparePort(), durable: false });
const { topics } = await isolatedTopics('bench-status');
const kafka = testKafka('bench-status-projection');
const producer = createRecordProducer(kafka, quietLogger);
await producer.connect();
const publish = async (events: readonly PipelineEvent[]) => {
  for (let i = 0; i < events.length; i += 1_000) {
    await producer.send(
      events.slice(i, i + 1_000).map((event) => ({ topic: topics.pipelineEvents, key: event.consultationId ?? null, value: JSON.stringify(event) })),
    );
  }
};
const follow = (timelines: StatusTimelines) =>
  timelines.follow(kafka, quietLogger, { topic: topics.pipelineEvents, sessionTimeoutMs: 30_000, heartbeatIntervalMs: 3_000 });

try {
  await publish(lifecycles(EVENTS));
  log(`backlog: ${EVENTS} events on ${topics.pipelineEvents} (6 partitions)`);

  // The ceiling without a database: the same consumer and contract parse, into memory.
  const memory = memoryStatusTimelines({ maxConsultations: EVENTS, maxEventsPerConsultation: 32 });
  let started = performance.now();
  const memoryView = await follow(memory);
  await memoryView.reached;
  const memoryMs = performance.now() - started;
  await memoryView.stop();
  log(`memory view (Kafka + parse only):      ${Math.round(EVENTS / (memoryMs / 1000))} events/s (${(memoryMs / 1000).toFixed(1)} s, incl. group join)`);

  const schema = 'bench_status';
  const opened = await openReadStore({ url: server.url, schema });
  log(values['per-event'] ? 'writes: one INSERT per event (baseline)' : 'writes: one INSERT per batch (insertEvents)');
  const timelines = storeStatusTimelines(values['per-event'] ? perEvent(opened) : opened, {
    kind: 'postgres',
    retentionDays: 90,
    pruneIntervalMs: 3_600_000,
    clock: systemClock,
  });
  started = performance.now();
  const view: Materialised = await follow(timelines);
  await view.reached;
  const storeMs = performance.now() - started;
  log(`status store, backlog (PostgreSQL):    ${Math.round(EVENTS / (storeMs / 1000))} events/s (${(storeMs / 1000).toFixed(1)} s, incl. group join)`);

  // Live: LIVE_RATE events/s in 100 ms slices; every second, how long the projection takes to reach
  // what the topic held at that moment (its lag).
  const lags: number[] = [];
  const probes: Promise<void>[] = [];
  const live = lifecycles(LIVE_RATE * LIVE_SECONDS);
  const slice = Math.max(1, Math.round(LIVE_RATE / 10));
  const liveStarted = performance.now();
  for (let i = 0, tick = 0; i < live.length; i += slice, tick += 1) {
    await publish(live.slice(i, i + slice));
    if (tick % 10 === 9) {
      const asked = performance.now();
      probes.push(view.catchUp(300_000).then(() => void lags.push(performance.now() - asked)));
    }
    const due = liveStarted + (tick + 1) * 100;
    await sleep(Math.max(0, due - performance.now()));
  }
  const offeredMs = performance.now() - liveStarted;
  await Promise.all(probes);
  await view.catchUp(300_000);
  const drainedMs = performance.now() - liveStarted;
  const sorted = [...lags].sort((a, b) => a - b);
  log(
    `status store, live ${LIVE_RATE}/s offered for ${(offeredMs / 1000).toFixed(1)} s: lag p50 ${Math.round(percentile(sorted, 0.5))} ms, ` +
      `max ${Math.round(sorted.at(-1) ?? Number.NaN)} ms; all applied ${((drainedMs - offeredMs) / 1000).toFixed(1)} s after the last send`,
  );
  await view.stop();
  await timelines.close();

  // Honesty: every event is in the store exactly once.
  const db = postgresDatabase({ connectionString: server.url });
  const rows = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".events`);
  await db.close();
  const stored = Number(rows[0]?.n ?? 0);
  log(`stored events: ${stored} of ${EVENTS + live.length}`);
  if (stored !== EVENTS + live.length) process.exitCode = 1;
} finally {
  await producer.disconnect();
  await stopLocalPostgres({ port: server.port });
}
