import { migrate } from './migrations';
import { parsePgliteTarget, pgliteDatabase } from './pglite';
import type { ReadStore } from './port';
import { postgresDatabase } from './postgres';
import type { SqlDatabase } from './sql';
import { sqlReadStore } from './sql-store';

export interface OpenReadStoreOptions {
  /**
   * READ_STORE_URL: `postgres://…` (or `postgresql://…`) for a server; `pglite:` for embedded in
   * memory; `pglite:<directory>` for embedded with its data in that directory; either may end in
   * `?shared_buffers=512MB&work_mem=16MB` (memory settings above the small embedded sizing, pglite.ts).
   */
  url: string;
  /** Schema holding the tables (default `read_model`). */
  schema?: string;
}

export const DEFAULT_SCHEMA = 'read_model';

export function databaseFor(url: string): Promise<SqlDatabase> {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return Promise.resolve(postgresDatabase({ connectionString: url }));
  if (url.startsWith('pglite:')) {
    const { dir, settings } = parsePgliteTarget(url.slice('pglite:'.length));
    return pgliteDatabase(dir === '' || dir === 'memory' ? undefined : dir, settings);
  }
  // Never echo the URL: a postgres URL carries a password.
  throw new Error('READ_STORE_URL must start with postgres://, postgresql:// or pglite:');
}

/** Connects, brings the schema to the latest migration, and returns the store. */
export async function openReadStore<View extends object>(options: OpenReadStoreOptions): Promise<ReadStore<View>> {
  const db = await databaseFor(options.url);
  const schema = options.schema ?? DEFAULT_SCHEMA;
  try {
    await migrate(db, schema);
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
  return sqlReadStore<View>(db, schema);
}
