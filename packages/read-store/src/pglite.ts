import { PGlite } from '@electric-sql/pglite';
import type { SqlDatabase } from './sql';

/**
 * Embedded PostgreSQL (WebAssembly, in this process): a data directory persists across restarts,
 * none keeps everything in memory (tests). One connection, so PGlite queues transactions itself.
 */
export async function pgliteDatabase(dataDir?: string): Promise<SqlDatabase> {
  const db = dataDir === undefined ? await PGlite.create() : await PGlite.create(dataDir);
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
