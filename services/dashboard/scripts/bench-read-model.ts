/**
 * How fast the dashboard's store-backed read model applies pipeline events: one transaction per
 * event (`apply`, as the feed did before) against one per partition batch (`applyAll`, as it does
 * now), on embedded PGlite and on a PostgreSQL server of its own (infra/postgres-local, fsync off as
 * in the soak). The store only, no Kafka: the feed hands it batches of up to a fetch's records.
 *   node --import tsx services/dashboard/scripts/bench-read-model.ts [--events 20000] [--batch 250] [--stores pglite,postgres]
 */
import { parseArgs } from 'node:util';
import { createPipelineEvent, type PipelineEvent } from '@firstsync/contracts';
import { openReadStore } from '@firstsync/read-store';
import { sparePort, startLocalPostgres, stopLocalPostgres } from '../../../infra/postgres-local/postgres-local.mjs';
import type { ConsultationView } from '../src/read-model/derive-consultation';
import { StoreReadModel } from '../src/read-model/store-read-model';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '20000' },
    batch: { type: 'string', default: '250' },
    stores: { type: 'string', default: 'pglite,postgres' },
  },
});
const EVENTS = Number(values.events);
const BATCH = Number(values.batch);
const STEPS = [
  { type: 'received', source: 'ingest' },
  { type: 'mapped', source: 'fhir-mapper' },
  { type: 'sent', source: 'delivery', transport: 'mesh', attempt: 1 },
  { type: 'bus-ack', source: 'delivery', transport: 'mesh', code: '30001' },
  { type: 'delivered', source: 'delivery', transport: 'mesh' },
] as const;

/**
 * `n` events as a partition sees them under load: consultations in flight together, so a batch
 * holds different steps of many consultations (200 at a time here), each consultation in order.
 */
function arrivals(n: number): PipelineEvent[] {
  const events: PipelineEvent[] = [];
  while (events.length < n) {
    const wave = Array.from({ length: 200 }, () => crypto.randomUUID());
    for (const step of STEPS)
      for (const consultationId of wave)
        if (events.length < n) events.push(createPipelineEvent({ consultationId, version: 1, pharmacyOds: 'FXA01', practiceOds: 'A81001', ...step }));
  }
  return events;
}

const log = (line: string) => process.stdout.write(`${line}\n`);

async function measure(url: string, label: string, events: readonly PipelineEvent[]): Promise<void> {
  for (const mode of ['apply', 'applyAll'] as const) {
    const store = await openReadStore<ConsultationView>({ url, schema: `bench_${mode.toLowerCase()}_${Date.now()}` });
    const model = new StoreReadModel(store);
    const cpu = process.cpuUsage();
    const started = performance.now();
    if (mode === 'apply') for (const event of events) await model.apply(event);
    else for (let i = 0; i < events.length; i += BATCH) await model.applyAll(events.slice(i, i + BATCH));
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const counts = await model.counts();
    log(
      `${label.padEnd(10)} ${mode.padEnd(9)} ${Math.round(events.length / (ms / 1000))
        .toString()
        .padStart(6)} events/s, this process ${((used.user + used.system) / 1000 / events.length).toFixed(3)} ms CPU an event (${counts.total} consultations)`,
    );
    await store.close();
  }
}

const events = arrivals(EVENTS);
log(
  `${EVENTS} events of ${EVENTS / STEPS.length} consultations; applyAll in batches of ${BATCH}; load average ${(await import('node:os')).loadavg()[0]?.toFixed(1)}`,
);
const stores = values.stores.split(',');
if (stores.includes('pglite')) await measure('pglite:', 'PGlite', events);
if (stores.includes('postgres')) {
  const server = await startLocalPostgres({ port: await sparePort(), durable: false });
  try {
    await measure(server.url, 'PostgreSQL', events);
  } finally {
    await stopLocalPostgres(server);
  }
}
