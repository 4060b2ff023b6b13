import { PGlite } from '@electric-sql/pglite';
import type { SqlDatabase } from './sql';

/**
 * Embedded PostgreSQL (WebAssembly, in this process): a data directory persists across restarts,
 * none keeps everything in memory (tests). One connection, so PGlite queues transactions itself.
 */
// PostgreSQL's defaults (128 MB shared buffers) are sized for a database server; embedded in a
// service process, whose WebAssembly memory never shrinks, they cost ~150 MB of RSS for nothing a
// read model of this size needs (measured: 523 -> 369 MB for 20k rows). A server is the production store.
const EMBEDDED_SETTINGS = ['shared_buffers=16MB', 'wal_buffers=1MB', 'work_mem=4MB', 'maintenance_work_mem=16MB', 'temp_buffers=2MB'];

export async function pgliteDatabase(dataDir?: string): Promise<SqlDatabase> {
  const options = { postgresqlconf: EMBEDDED_SETTINGS };
  const db = dataDir === undefined ? await PGlite.create(options) : await PGlite.create(dataDir, options);
  return {
    async query<Row extends object>(sql: string, params: readonly unknown[] = []) {
      return (await db.query<Row>(sql, [...params])).rows;
    },
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          async query<Row extends object>(sql: string, params: readonly unknown[] = []) {
            return (await tx.query<Row>(sql, [...params])).rows;
          },
        }),
      ),
    close: () => db.close(),
  };
}
