import { defined } from '@firstsync/testkit/defined';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalPostgres, sparePort, startLocalPostgres, stopLocalPostgres } from '../../../infra/postgres-local/postgres-local.mjs';
import { appliedVersions, MIGRATIONS, migrate, openReadStore, postgresDatabase, type ReadStore, sqlReadStore } from '../src/index';
import { readStoreContract, type TestView } from './read-store-contract';

// A real PostgreSQL server (Debian's package) started for this file on a spare port, like the local broker.
describe('read store on a real PostgreSQL server', () => {
  let server: LocalPostgres | undefined;
  const stores: ReadStore<TestView>[] = [];
  let n = 0;
  const url = () => {
    if (!server) throw new Error('PostgreSQL did not start');
    return server.url;
  };
  const open = async (schema: string) => {
    const store = await openReadStore<TestView>({ url: url(), schema });
    stores.push(store);
    return store;
  };

  beforeAll(async () => {
    server = await startLocalPostgres({ port: await sparePort(), durable: false });
  });
  afterAll(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    if (server) await stopLocalPostgres({ port: server.port });
  });

  readStoreContract(async () => {
    n += 1;
    const schema = `contract_${process.pid}_${n}`;
    return {
      store: await open(schema),
      reopen: async () => {
        const db = postgresDatabase({ connectionString: url() });
        const newlyApplied = await migrate(db, schema);
        const store = sqlReadStore<TestView>(db, schema);
        stores.push(store);
        return { newlyApplied, store };
      },
    };
  });

  it('lets several instances start at once on an empty schema: one migrates, none fails', async () => {
    const schema = `race_${process.pid}`;
    const dbs = Array.from({ length: 4 }, () => postgresDatabase({ connectionString: url(), max: 1 }));
    try {
      const applied = await Promise.all(dbs.map((db) => migrate(db, schema)));
      expect(applied.flat()).toEqual(MIGRATIONS.map((m) => m.version));
      expect(await appliedVersions(defined(dbs[0], 'a connection'), schema)).toEqual(MIGRATIONS.map((m) => m.version));
    } finally {
      await Promise.all(dbs.map((db) => db.close()));
    }
  });

  it('refuses a READ_STORE_URL it does not know without echoing it', async () => {
    await expect(openReadStore({ url: 'mysql://user:secret@host/db' })).rejects.toThrow(/^READ_STORE_URL must start with/);
    await expect(openReadStore({ url: 'mysql://user:secret@host/db' })).rejects.not.toThrow(/secret/);
  });
});
