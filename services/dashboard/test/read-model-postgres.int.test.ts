import { randomUUID } from 'node:crypto';
import type { OpsCommand, PipelineEvent } from '@firstsync/contracts';
import { createRecordProducer, type OutgoingRecord, topicOffsets } from '@firstsync/kafka';
import { openReadStore, type ReadStore } from '@firstsync/read-store';
import { isolatedTopics, quietLogger, testKafka } from '@firstsync/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type LocalPostgres, sparePort, startLocalPostgres, stopLocalPostgres } from '../../../infra/postgres-local/postgres-local.mjs';
import type { ConsultationView } from '../src/read-model/derive-consultation';
import { InMemoryReadModel } from '../src/read-model/in-memory-read-model';
import type { ReadModelSnapshot } from '../src/read-model/read-model';
import { StoreReadModel } from '../src/read-model/store-read-model';
import { eventually, type RunningDashboard, startDashboard } from './support/dashboard-harness';
import { event, journey } from './support/events';

const eventCount = (snapshot: ReadModelSnapshot) => snapshot.consultations.reduce((n, c) => n + c.timeline.length, 0);

describe('dashboard read model in a real PostgreSQL server', () => {
  let server: LocalPostgres | undefined;
  const running: RunningDashboard[] = [];
  const stores: ReadStore<ConsultationView>[] = [];
  const storeModel = async (schema: string) => {
    if (!server) throw new Error('PostgreSQL did not start');
    const store = await openReadStore<ConsultationView>({ url: server.url, schema });
    stores.push(store);
    return new StoreReadModel(store);
  };

  beforeAll(async () => {
    server = await startLocalPostgres({ port: await sparePort(), durable: false });
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((r) => r.stop()));
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    if (server) await stopLocalPostgres({ port: server.port });
  });

  it('two instances applying the same topic into one store build the model memory would, with offsets at the end of every partition', async () => {
    const { prefix, topics } = await isolatedTopics('dash-pg');
    const ids = Array.from({ length: 6 }, () => randomUUID());
    const events: PipelineEvent[] = ids.flatMap((id, i) =>
      journey(
        id,
        [
          ['received', i * 10],
          ['mapped', i * 10 + 1],
          ['sent', i * 10 + 2, { transport: 'mesh', attempt: 1 }],
          i % 2 === 0 ? ['delivered', i * 10 + 3] : ['retry-scheduled', i * 10 + 3, { details: { circuit: 'open' } }],
        ],
        i % 2 === 0 ? 'A81001' : 'B82002',
      ),
    );
    events.push(event('practice-held', 100, { practiceOds: 'B82002', actor: 'operator', reason: 'migration' }));
    const hold: OpsCommand = {
      type: 'hold-practice',
      commandId: randomUUID(),
      requestedAt: new Date().toISOString(),
      requestedBy: 'operator',
      reason: 'migration',
      practiceOds: 'B82002',
    };
    // Reversed and with redeliveries, as a replay after a crash produces.
    const published = [...events].reverse().concat(events.slice(0, 5));
    const records: OutgoingRecord[] = [
      ...published.map((e) => ({ topic: topics.pipelineEvents, key: e.consultationId ?? e.practiceOds ?? null, value: JSON.stringify(e) })),
      { topic: topics.opsCommands, key: hold.commandId, value: JSON.stringify(hold) },
    ];
    const producer = createRecordProducer(testKafka('dash-pg-test'), quietLogger);
    await producer.connect();
    try {
      await producer.send(records);
    } finally {
      await producer.disconnect();
    }
    const memory = new InMemoryReadModel();
    for (const e of published) await memory.apply(e);
    await memory.applyCommand(hold);
    const expected = await memory.snapshot();

    const schema = `dash_${process.pid}_${Date.now()}`;
    const [first, second] = await Promise.all([storeModel(schema), storeModel(schema)]);
    running.push(...(await Promise.all([startDashboard({ prefix, topics, readModel: first }), startDashboard({ prefix, topics, readModel: second })])));
    const shared = await eventually('both instances to apply every record', async () => {
      // Commands store their offsets too: count the events' topic only.
      const offsets = (await first.offsets()).filter((o) => o.topic === topics.pipelineEvents);
      const applied = offsets.reduce((n, o) => n + Number(o.nextOffset), 0);
      const snapshot = await first.snapshot();
      return applied === published.length && snapshot.audit.some((e) => e.kind === 'command') ? snapshot : undefined;
    });
    expect(eventCount(shared)).toBe(events.length - 1);
    expect(shared).toEqual(expected);

    // The offsets stored beside the views name the end of every partition of the topic.
    const ends = await topicOffsets(testKafka('dash-pg-ends'), topics.pipelineEvents);
    const stored = new Map((await first.offsets()).filter((o) => o.topic === topics.pipelineEvents).map((o) => [o.partition, o.nextOffset]));
    for (const { partition, high, low } of ends) if (BigInt(high) > BigInt(low)) expect(stored.get(partition)).toBe(high);

    // A new instance on the same store answers at once, before reading anything from Kafka.
    await Promise.all(running.splice(0).map((r) => r.stop()));
    expect(await (await storeModel(schema)).snapshot()).toEqual(expected);
  });
});
