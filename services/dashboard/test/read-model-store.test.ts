import { randomUUID } from 'node:crypto';
import { migrate, pgliteDatabase, type SqlDatabase, sqlReadStore } from '@firstsync/read-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsultationView } from '../src/read-model/derive-consultation';
import { InMemoryReadModel } from '../src/read-model/in-memory-read-model';
import { StoreReadModel } from '../src/read-model/store-read-model';
import { event, journey } from './support/events';
import { readModelContract } from './support/read-model-contract';

// One embedded PostgreSQL for the file (PGlite takes seconds to start); each model gets a schema of its own.
describe('store-backed read model on PGlite', () => {
  let db: SqlDatabase | undefined;
  let n = 0;
  beforeAll(async () => {
    db = await pgliteDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });
  async function newModel(): Promise<StoreReadModel> {
    if (!db) throw new Error('PGlite did not start');
    n += 1;
    const schema = `model_${n}`;
    await migrate(db, schema);
    return new StoreReadModel(sqlReadStore<ConsultationView>(db, schema));
  }

  // Fewer arrival orders than in memory: every run rebuilds a model through SQL transactions.
  readModelContract(newModel, { propertyRuns: 10 });

  it('gives the same snapshot as the in-memory model for the same events', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const events = [
      ...journey(a, [
        ['received', 0, { details: { warningCodes: 'W1,W2' } }],
        ['mapped', 1],
        ['sent', 2, { transport: 'mesh' }],
        ['inf-ack', 3, { code: '20013' }],
      ]),
      ...journey(
        b,
        [
          ['received', 4],
          ['mapped', 5],
          ['sent', 6],
          ['needs-fallback', 7, { details: { nhsmailUntil: '2026-04-01T00:00:00.000Z' } }],
        ],
        'B82002',
      ),
      event('practice-held', 8, { practiceOds: 'B82002', actor: 'operator', reason: 'migration' }),
      event('revealed', 9, { consultationId: a, actor: 'operator', reason: 'call' }),
    ];
    const memory = new InMemoryReadModel();
    const stored = await newModel();
    for (const e of events) {
      await memory.apply(e);
      await stored.apply(e);
    }
    expect(await stored.snapshot()).toEqual(await memory.snapshot());
  });

  it('stores the offset in the same transaction as the event, even for a duplicate, and never moves it back', async () => {
    const model = await newModel();
    const e = event('received', 0, { consultationId: randomUUID() });
    await model.apply(e, { topic: 'pipeline.events.v1', partition: 2, nextOffset: '41' });
    expect((await model.apply({ ...e }, { topic: 'pipeline.events.v1', partition: 2, nextOffset: '42' })).applied).toBe(false);
    await model.apply(event('mapped', 1, { consultationId: e.consultationId }), { topic: 'pipeline.events.v1', partition: 2, nextOffset: '40' });
    expect(await model.offsets()).toEqual([{ consumer: 'dashboard-read-model', topic: 'pipeline.events.v1', partition: 2, nextOffset: '42' }]);
  });
});
