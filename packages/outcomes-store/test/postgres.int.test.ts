import { migrate, postgresDatabase } from '@firstsync/read-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalPostgres, sparePort, startLocalPostgres, stopLocalPostgres } from '../../../infra/postgres-local/postgres-local.mjs';
import { OUTCOMES_MIGRATIONS, type OutcomesStore, openOutcomesStore, sqlOutcomesStore } from '../src/index';
import { F, FIXTURE_RECORDS, SEP_OCT } from './fixture-facts';
import { fixtureReference, outcomesStoreContract } from './outcomes-store-contract';

// The same contract as on PGlite, against a real PostgreSQL server started for this file on a spare port.
describe('outcomes store on a real PostgreSQL server', () => {
  let server: LocalPostgres | undefined;
  const stores: OutcomesStore[] = [];
  let n = 0;
  const url = () => {
    if (!server) throw new Error('PostgreSQL did not start');
    return server.url;
  };

  beforeAll(async () => {
    server = await startLocalPostgres({ port: await sparePort(), durable: false });
  });
  afterAll(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close().catch(() => {})));
    if (server) await stopLocalPostgres({ port: server.port });
  });

  outcomesStoreContract(async () => {
    n += 1;
    const schema = `outcomes_${process.pid}_${n}`;
    const db = postgresDatabase({ connectionString: url() });
    await migrate(db, schema, OUTCOMES_MIGRATIONS);
    const store = sqlOutcomesStore(db, schema);
    stores.push(store);
    return { store, schema, db, query: (sql, params) => db.query(sql, params) };
  });

  it('counts each record once when several instances absorb the same records at once', async () => {
    const schema = `outcomes_race_${process.pid}`;
    const instances = await Promise.all(Array.from({ length: 3 }, () => openOutcomesStore({ url: url(), schema })));
    stores.push(...instances);
    const [first] = instances;
    if (!first) throw new Error('no instance');
    await first.loadReference(await fixtureReference(), { source: 'fixture', loadedAt: '2024-12-01T09:00:00Z', asOf: '2024-12-01' });
    await Promise.all(instances.map((store) => Promise.all(FIXTURE_RECORDS.map((record) => store.absorb([record], [])))));
    const f = await first.figures({ level: 'national' }, SEP_OCT);
    expect(f.totals).toEqual({ consultations: 8, previous: 1 });
    expect(f.outcomeMix.find((o) => o.outcome === 'referred-to-gp')?.count).toBe(1);
    expect((await first.figures({ level: 'pcn', code: 'U90001' }, SEP_OCT)).totals).toEqual({ consultations: 3, previous: 1 });
    expect(F.F3v2.version).toBe(2);
  });
});
