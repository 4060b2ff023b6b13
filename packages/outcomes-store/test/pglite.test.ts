import { databaseFor, migrate } from '@firstsync/read-store';
import { afterAll, describe, expect, it } from 'vitest';
import { OUTCOMES_MIGRATIONS, type OutcomesStore, openOutcomesStore, sqlOutcomesStore } from '../src/index';
import { outcomesStoreContract } from './outcomes-store-contract';

describe('outcomes store on PGlite', () => {
  const stores: OutcomesStore[] = [];
  afterAll(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close().catch(() => {})));
  });

  outcomesStoreContract(async () => {
    const db = await databaseFor('pglite:');
    const schema = 'outcomes';
    await migrate(db, schema, OUTCOMES_MIGRATIONS);
    const store = sqlOutcomesStore(db, schema);
    stores.push(store);
    return { store, schema, db, query: (sql, params) => db.query(sql, params) };
  });

  it('opens by URL with its own schema, migrating once', async () => {
    const store = await openOutcomesStore({ url: 'pglite:', schema: 'outcomes_test' });
    stores.push(store);
    expect(await store.referenceStatus()).toBeNull();
    expect(await store.offsets('anyone')).toEqual([]);
  });
});
