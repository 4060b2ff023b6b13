import { databaseFor, migrate } from '@firstsync/read-store';
import { OUTCOMES_MIGRATIONS } from './migrations';
import type { OpenOutcomesStoreOptions, OutcomesStore } from './port';
import { sqlOutcomesStore } from './sql-store';

export const DEFAULT_OUTCOMES_SCHEMA = 'outcomes';

/** Connects (PGlite or PostgreSQL, as read-store's databaseFor), brings the schema to the latest migration, returns the store. */
export async function openOutcomesStore(options: OpenOutcomesStoreOptions): Promise<OutcomesStore> {
  const db = await databaseFor(options.url);
  const schema = options.schema ?? DEFAULT_OUTCOMES_SCHEMA;
  try {
    await migrate(db, schema, OUTCOMES_MIGRATIONS);
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
  return sqlOutcomesStore(db, schema);
}
